/*
 * End-to-end: the Periskop-compatible API of the running example app
 * (`/api/periskop/compat`, README "Periskop-compatible API") driven as the
 * Periskop web UI and the community Backstage Periskop plugin drive a
 * Periskop server, over the data the app scraped from the demo services.
 * A script reads with a static token restricted to the plugin, as the
 * README configures it (read-only); the web UI resolves as the guest user
 * (an owner of Auth API). The request and response handling mirrors
 * plugins/periskop-backend/src/service/compat/periskopClients.test.ts,
 * which reproduces both tools from their source.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { BACKEND_URL, startExampleApp } from './exampleApp.mjs';

const STATIC_TOKEN = 'e2e-periskop-compat-token-0123456789';
const COMPAT = `${BACKEND_URL}/api/periskop/compat`;
/** The example's scraped services: service name → entity name. */
const SCRAPED = {
  'api-auth': 'api-auth',
  'api-feeds': 'api-feeds',
  'payments-api': 'payments',
};

const script = { authorization: `Bearer ${STATIC_TOKEN}` };

async function getJson(url, headers) {
  const res = await fetch(url, { headers });
  assert.equal(
    res.status,
    200,
    `${url}: ${res.status} ${await res.clone().text()}`,
  );
  return res.json();
}

/** Open groups' totals of an entity through the plugin's own API. */
async function pluginTotals(entityName, headers) {
  const body = await getJson(
    `${BACKEND_URL}/api/periskop/entities/default/component/${entityName}/errors?status=open&limit=500`,
    headers,
  );
  return Object.fromEntries(
    body.items.map(g => [g.aggregationKey, g.totalCount]),
  );
}

async function compatTotals(service, headers) {
  const aggregates = await getJson(
    `${COMPAT}/services/${service}/errors/`,
    headers,
  );
  return Object.fromEntries(
    aggregates.map(a => [a.aggregation_key, a.total_count]),
  );
}

/**
 * A guest token that carries the guest's team: the guest signs in before
 * the catalog has read the example's users and groups, and a token made
 * then owns nothing (ownership is fixed at sign-in).
 */
async function guestToken() {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { backstageIdentity } = await getJson(
      `${BACKEND_URL}/api/auth/guest/refresh`,
    );
    if (
      backstageIdentity.identity.ownershipEntityRefs.includes(
        'group:default/team-identity',
      )
    ) {
      return backstageIdentity.token;
    }
    if (Date.now() > deadline) assert.fail('the guest never joined its team');
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** The reverse proxy of the README: the UI's origin root → the compat API, with a token. */
async function startProxy(authorization) {
  const server = http.createServer(async (req, res) => {
    if (!/^\/(services|targets)\//.test(req.url)) {
      res.writeHead(404).end();
      return;
    }
    const answer = await fetch(`${COMPAT}${req.url}`, {
      method: req.method,
      headers: { authorization },
    });
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'text/plain',
    });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('the Periskop-compatible API of the example app', () => {
  let app;
  let guest;
  let proxy;

  before(async () => {
    app = await startExampleApp({
      env: {
        // README: a static token restricted to this plugin
        APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
          {
            type: 'static',
            options: { token: STATIC_TOKEN, subject: 'periskop-compat-e2e' },
            // read-only; no catalog access needed (the plugin reads the
            // catalog for service tokens as itself)
            accessRestrictions: [
              { plugin: 'periskop', permissionAttribute: { action: 'read' } },
            ],
          },
        ]),
      },
    });
    // until every scraped service has errors
    const deadline = Date.now() + 120_000;
    for (;;) {
      const answers = await Promise.all(
        Object.keys(SCRAPED).map(async service => {
          const res = await fetch(`${COMPAT}/services/${service}/errors/`, {
            headers: script,
          });
          return {
            service,
            status: res.status,
            count: res.ok ? (await res.json()).length : await res.text(),
          };
        }),
      );
      if (answers.every(a => a.status === 200 && a.count > 0)) break;
      if (Date.now() > deadline) {
        assert.fail(
          `the demo services were never scraped: ${JSON.stringify(answers)}`,
        );
      }
      await new Promise(r => setTimeout(r, 1000));
    }

    guest = { authorization: `Bearer ${await guestToken()}` };
    proxy = await startProxy(guest.authorization);
  });

  after(async () => {
    await proxy?.close();
    await app?.stop();
  });

  it('wants a Backstage token', async () => {
    const res = await fetch(`${COMPAT}/services/`);
    assert.equal(res.status, 401);
  });

  it('lets a read-only token read but not resolve', async () => {
    const [first] = await getJson(
      `${COMPAT}/services/api-feeds/errors/`,
      script,
    );
    const res = await fetch(
      `${COMPAT}/services/api-feeds/errors/${encodeURIComponent(
        first.aggregation_key,
      )}/`,
      { method: 'DELETE', headers: script },
    );
    assert.equal(res.status, 403);
  });

  it('lists the example services by their Periskop names', async () => {
    const services = await getJson(`${COMPAT}/services/`, script);
    for (const service of Object.keys(SCRAPED)) {
      assert.ok(services.includes(service), `${service} in ${services}`);
    }
    // payments is known to Periskop as payments-api; website has no annotation
    assert.ok(!services.includes('payments'));
    assert.ok(!services.includes('website'));
    assert.deepEqual(services, [...services].sort());
  });

  it('has the totals of the plugin API', async () => {
    for (const [service, entityName] of Object.entries(SCRAPED)) {
      // the services keep throwing: compare within a window without a scrape
      let compared = false;
      for (let attempt = 0; attempt < 20 && !compared; attempt++) {
        const before = await pluginTotals(entityName, guest);
        const compat = await compatTotals(service, script);
        const after = await pluginTotals(entityName, guest);
        if (JSON.stringify(before) === JSON.stringify(after)) {
          assert.deepEqual(compat, before, service);
          compared = true;
        }
      }
      assert.ok(compared, `${service} never held still for one comparison`);
    }
  });

  it('answers the shapes the Periskop web UI and the community card read', async () => {
    const aggregates = await getJson(
      `${proxy.origin}/services/api-auth/errors/`,
    );
    assert.ok(aggregates.length > 0);
    for (const a of aggregates) {
      assert.deepEqual(Object.keys(a).sort(), [
        'aggregation_key',
        'created_at',
        'latest_errors',
        'severity',
        'total_count',
      ]);
      assert.ok(
        Number.isInteger(a.created_at) && a.created_at < Date.now() / 1000,
      );
      assert.ok(a.latest_errors.length >= 1 && a.latest_errors.length <= 100);
      const times = a.latest_errors.map(e => e.timestamp);
      assert.deepEqual(
        times,
        [...times].sort((x, y) => y - x),
        a.aggregation_key,
      );
      for (const e of a.latest_errors) {
        assert.ok(Number.isInteger(e.timestamp));
        assert.equal(typeof e.uuid, 'string');
        assert.equal(typeof e.error.class, 'string');
        assert.ok(Array.isArray(e.error.stacktrace));
        if (e.http_context) {
          assert.equal(typeof e.http_context.request_method, 'string');
          assert.equal(typeof e.http_context.request_headers, 'object');
        }
      }
    }
    // no token survives in what is shown
    assert.ok(!/Bearer ey/.test(JSON.stringify(aggregates)));

    // the web UI's list: sorted by latest occurrence, searched, filtered
    const sorted = [...aggregates].sort(
      (a, b) => b.latest_errors[0].timestamp - a.latest_errors[0].timestamp,
    );
    const warnings = sorted.filter(e => e.severity.toLowerCase() === 'warning');
    assert.ok(warnings.length > 0, 'api-auth reports warnings');
    const searched = sorted.filter(e =>
      e.aggregation_key.toLowerCase().includes('tokenexpired'),
    );
    assert.ok(searched.length >= 1);
    assert.ok(searched.length < sorted.length);

    // the community plugin's backend and its 404
    const community = await fetch(
      `${proxy.origin}/services/payments-api/errors/`,
    );
    assert.equal(community.status, 200);
    assert.ok((await community.json()).length > 0);
    const unknown = await fetch(`${proxy.origin}/services/nope/errors/`);
    assert.equal(unknown.status, 404);
    assert.equal(await unknown.text(), 'service nope not found');

    const targets = await getJson(`${proxy.origin}/targets/`);
    assert.deepEqual(
      targets['api-auth'].map(t => t.endpoint).sort(),
      [9101, 9102, 9103].map(p => `http://127.0.0.1:${p}/-/exceptions`),
    );
  });

  it('resolves as the web UI does: unencoded key, then a refetch', async () => {
    const host = new URL(proxy.origin);
    const aggregates = await getJson(`${host}services/api-auth/errors/`);
    const { aggregation_key: errorKey } = aggregates.find(a =>
      a.aggregation_key.startsWith('TokenExpiredError'),
    );
    const resolvedAt = Date.now();
    const res = await fetch(`${host}services/api-auth/errors/${errorKey}/`, {
      method: 'DELETE',
    });
    assert.equal(res.status, 204);
    const refetched = await getJson(`${host}services/api-auth/errors/`);
    if (refetched.some(a => a.aggregation_key === errorKey)) {
      // the demo service threw it again meanwhile: then it is a regression
      const group = (
        await getJson(
          `${BACKEND_URL}/api/periskop/entities/default/component/api-auth/errors?status=all&limit=500`,
          guest,
        )
      ).items.find(g => g.aggregationKey === errorKey);
      assert.equal(group.regressed, true);
      assert.ok(Date.parse(group.regressedAt) >= resolvedAt - 1000);
    }
    // payments is not the guest's to resolve
    const payments = await getJson(`${host}services/payments-api/errors/`);
    const denied = await fetch(
      `${host}services/payments-api/errors/${encodeURIComponent(
        payments[0].aggregation_key,
      )}/`,
      { method: 'DELETE' },
    );
    assert.equal(denied.status, 403);
  });
});

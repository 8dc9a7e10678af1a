/*
 * End-to-end: a real Prometheus (Debian's `prometheus`) scrapes the example
 * backend's OpenTelemetry metrics (packages/backend/src/instrumentation.js),
 * and `periskop_error_occurrences` equals, series by series, the lifetime
 * totals the plugin stored, under the name and labels of Periskop's own
 * metric. The demo targets that are up show `periskop_target_up` 1.
 *
 * Without the binary the test is skipped (and counted as skipped), as the
 * browser tests are without Chromium; `.ci/run` installs it and sets
 * PERISKOP_TEST_REQUIRE_PROMETHEUS, so there a missing Prometheus fails.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { APP_URL, BACKEND_URL, startExampleApp } from './exampleApp.mjs';

const PROMETHEUS =
  process.env.PERISKOP_TEST_PROMETHEUS ?? '/usr/bin/prometheus';

function unavailableReason() {
  try {
    fs.accessSync(PROMETHEUS, fs.constants.X_OK);
    return undefined;
  } catch {
    return `no Prometheus at ${PROMETHEUS} (apt-get install prometheus, or set PERISKOP_TEST_PROMETHEUS)`;
  }
}

const unavailable = unavailableReason();
const skip =
  unavailable !== undefined && !process.env.PERISKOP_TEST_REQUIRE_PROMETHEUS
    ? `Skipping the Prometheus metrics test: ${unavailable}`
    : false;
if (skip) console.warn(skip);

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** A loopback port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a truthy value, or fails with `what`. */
async function waitFor(what, check, timeoutMs, interval = 500) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not happen in time${
          lastError ? ` (last error: ${lastError.message})` : ''
        }`,
      );
    }
    await sleep(interval);
  }
}

/**
 * The README's example alert rule ("Metrics"), firing at any count so that
 * the test sees its annotations: a link to the error's entity's Errors tab,
 * searching for its aggregation key.
 */
const ALERT_RULES = `
groups:
  - name: periskop
    rules:
      - alert: PeriskopErrorOccurrences
        expr: periskop_error_occurrences{severity="error"} > 0
        annotations:
          summary: '{{ $labels.service_name }}: {{ $labels.aggregation_key }} occurred {{ $value }} times'
          dashboard: '${APP_URL}/catalog/{{ reReplaceAll "^([^:]+):([^/]+)/(.+)$" "$2/$1/$3" $labels.entity_ref }}/errors?q={{ $labels.aggregation_key | urlquery }}&status=all&window=all'
`;

/**
 * Prometheus on a loopback port of its own, with its own configuration and
 * data folder, scraping `metricsUrl` every second and evaluating
 * {@link ALERT_RULES}.
 */
async function startPrometheus(metricsUrl) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periskop-prometheus-'));
  const port = await freePort();
  const target = new URL(metricsUrl);
  fs.writeFileSync(path.join(dir, 'rules.yml'), ALERT_RULES);
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      `  - ${path.join(dir, 'rules.yml')}`,
      'scrape_configs:',
      '  - job_name: backstage',
      `    metrics_path: ${target.pathname}`,
      '    static_configs:',
      `      - targets: ['${target.host}']`,
      '',
    ].join('\n'),
  );
  const output = [];
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = chunk => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let alive = true;
  child.on('exit', () => {
    alive = false;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (alive) {
      const exited = new Promise(r => child.on('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      'Prometheus becoming ready',
      async () => {
        if (!alive) throw new Error('prometheus exited');
        return (await fetch(`${url}/-/ready`)).ok;
      },
      30_000,
    );
  } catch (error) {
    await stop();
    error.message += `\n--- prometheus output ---\n${output.join('')}`;
    throw error;
  }
  /** An instant query; the result vector. */
  const query = async promql => {
    const response = await fetch(
      `${url}/api/v1/query?query=${encodeURIComponent(promql)}`,
    );
    const body = await response.json();
    if (body.status !== 'success') {
      throw new Error(`${promql}: ${body.error ?? response.status}`);
    }
    return body.data.result;
  };
  /** The alerts firing or pending now. */
  const alerts = async () => {
    const body = await (await fetch(`${url}/api/v1/alerts`)).json();
    return body.data.alerts;
  };
  return { query, alerts, stop, output };
}

/** A Backstage token of the guest, as the sign-in page gets it. */
async function guestToken() {
  const response = await fetch(`${BACKEND_URL}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!response.ok) {
    throw new Error(`guest sign-in: HTTP ${response.status}`);
  }
  return (await response.json()).backstageIdentity.token;
}

/** The stored groups of an entity, as the Errors tab lists them. */
async function listErrors(entityRef, token, query = '') {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  const response = await fetch(
    `${BACKEND_URL}/api/periskop/entities/${namespace}/${kind}/${name}/errors?status=all&limit=500${
      query ? `&query=${encodeURIComponent(query)}` : ''
    }`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  if (!response.ok) {
    throw new Error(`errors of ${entityRef}: HTTP ${response.status}`);
  }
  return (await response.json()).items;
}

/** Every stored group of an entity: `aggregation key → lifetime total`. */
async function storedTotals(entityRef, token) {
  const items = await listErrors(entityRef, token);
  return new Map(items.map(group => [group.aggregationKey, group.totalCount]));
}

/** The occurrence series summed over severities: `service \0 key → value`. */
function byServiceAndKey(result) {
  const sums = new Map();
  for (const { metric, value } of result) {
    const id = `${metric.service_name}\0${metric.aggregation_key}`;
    sums.set(id, (sums.get(id) ?? 0) + Number(value[1]));
  }
  return sums;
}

describe('Prometheus metrics of the example app', () => {
  let app;
  let prometheus;

  before(async () => {
    if (skip) return;
    if (unavailable) {
      throw new Error(
        `PERISKOP_TEST_REQUIRE_PROMETHEUS is set, but there is ${unavailable}`,
      );
    }
    const metricsPort = await freePort();
    app = await startExampleApp({
      env: { PERISKOP_METRICS_PORT: String(metricsPort) },
    });
    prometheus = await startPrometheus(
      `http://127.0.0.1:${metricsPort}/metrics`,
    );
  });

  after(async () => {
    await prometheus?.stop();
    await app?.stop();
  });

  it(
    'exports the targets that are up, and the stored totals as periskop_error_occurrences',
    { skip },
    async () => {
      const { query } = prometheus;

      // every demo instance that runs has been scraped (9113 never runs)
      const targets = await waitFor(
        'the demo targets coming up in Prometheus',
        async () => {
          const result = await query('periskop_target_up');
          return result.filter(s => s.value[1] === '1').length >= 7
            ? result
            : undefined;
        },
        180_000,
      );
      const up = targets
        .filter(s => s.value[1] === '1')
        .map(s => s.metric.target)
        .sort();
      assert.deepEqual(
        up,
        [9101, 9102, 9103, 9111, 9112, 9121, 9122].map(
          port => `http://127.0.0.1:${port}/-/exceptions`,
        ),
      );
      assert.deepEqual(
        targets.filter(s => s.value[1] === '0').map(s => s.metric.target),
        ['http://127.0.0.1:9113/-/exceptions'],
      );
      const payments = targets.find(s => s.metric.target.includes(':9121/'));
      assert.equal(payments.metric.service_name, 'payments-api');
      assert.equal(payments.metric.entity_ref, 'component:default/payments');
      assert.equal(payments.metric.job, 'backstage');

      // the service of each series, to read its entity's stored totals;
      // services without targets (pushing jobs) are named like their entity
      const entityOf = new Map(
        targets.map(s => [s.metric.service_name, s.metric.entity_ref]),
      );
      const entityRef = service =>
        entityOf.get(service) ?? `component:default/${service}`;

      const token = await guestToken();
      const series = await waitFor(
        'periskop_error_occurrences in Prometheus',
        async () => {
          const result = await query('periskop_error_occurrences');
          return result.length > 10 ? result : undefined;
        },
        60_000,
      );
      // Periskop's labels and the entity; no target label unless configured
      for (const { metric } of series) {
        assert.ok(metric.service_name && metric.aggregation_key, metric);
        assert.match(metric.severity, /^(error|warning|info)$/);
        assert.equal(metric.entity_ref, entityRef(metric.service_name));
        assert.equal(metric.target, undefined);
      }

      // The demo services keep throwing, so the totals move with every
      // scrape cycle (every 5 s here). A key is compared when its series had
      // the same value in a Prometheus scrape before the stored totals were
      // read and in one after (the counter only goes up, so it did not move
      // in between): then it must equal the stored total exactly.
      const verified = new Map();
      let pending = new Set();
      const deadline = Date.now() + 120_000;
      for (let round = 1; ; round++) {
        const before = byServiceAndKey(
          await query('periskop_error_occurrences'),
        );
        const services = new Set(
          [...before.keys()].map(id => id.split('\0')[0]),
        );
        const stored = new Map();
        for (const service of services) {
          for (const [key, total] of await storedTotals(
            entityRef(service),
            token,
          )) {
            stored.set(`${service}\0${key}`, total);
          }
        }
        const readAt = Date.now() / 1000;
        // a sample scraped after the stored totals were read
        await waitFor(
          'a Prometheus scrape after the read',
          async () => {
            const [last] = await query('timestamp(up{job="backstage"})');
            return last && Number(last.value[1]) > readAt + 0.1;
          },
          10_000,
          200,
        );
        const afterRead = byServiceAndKey(
          await query('periskop_error_occurrences'),
        );

        pending = new Set();
        for (const [id, total] of stored) {
          if (verified.has(id)) continue;
          const value = before.get(id);
          if (value === undefined || value !== afterRead.get(id)) {
            pending.add(id); // moved (or not exported yet): next round
            continue;
          }
          assert.equal(
            value,
            total,
            `periskop_error_occurrences of ${id.replace('\0', ' ')}`,
          );
          verified.set(id, total);
        }
        for (const id of afterRead.keys()) {
          assert.ok(
            stored.has(id) || before.get(id) !== afterRead.get(id),
            `series ${id.replace('\0', ' ')} has no stored group`,
          );
        }
        if (pending.size === 0 && verified.size > 0) break;
        if (Date.now() > deadline) {
          assert.fail(
            `after ${round} rounds, never saw these keys still: ${[...pending]
              .map(id => id.replace('\0', ' '))
              .join(', ')}`,
          );
        }
      }
      assert.ok(verified.size > 10, `only ${verified.size} keys compared`);
      const services = new Set(
        [...verified.keys()].map(id => id.split('\0')[0]),
      );
      for (const service of ['api-auth', 'api-feeds', 'payments-api']) {
        assert.ok(services.has(service), `no series of ${service}`);
      }
    },
  );

  it(
    "links the README's alert to the error on its entity's Errors tab",
    { skip },
    async () => {
      // a custom key with `/`, spaces and `#` (see the demo payments service)
      const key = 'webhooks/acquirer signature mismatch #v1';
      const alert = await waitFor(
        'the example alert firing for the custom key',
        async () =>
          (
            await prometheus.alerts()
          ).find(a => a.labels.aggregation_key === key && a.state === 'firing'),
        120_000,
      );
      assert.equal(
        alert.annotations.dashboard,
        `${APP_URL}/catalog/default/component/payments/errors?q=webhooks%2Facquirer+signature+mismatch+%23v1&status=all&window=all`,
      );
      assert.match(
        alert.annotations.summary,
        /^payments-api: webhooks\/acquirer signature mismatch #v1 occurred \d+ times$/,
      );
      // the tab sends its `q` as the API's `query`: it finds that group
      const q = new URL(alert.annotations.dashboard).searchParams.get('q');
      assert.equal(q, key);
      const found = await listErrors(
        'component:default/payments',
        await guestToken(),
        q,
      );
      assert.ok(
        found.some(group => group.aggregationKey === key),
        `searching ${JSON.stringify(q)} found ${found.map(
          g => g.aggregationKey,
        )}`,
      );
    },
  );
});

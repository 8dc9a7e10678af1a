/*
 * The Periskop-compatible API driven exactly as the tools written for a
 * Periskop server drive it, over real loopback HTTP: the Periskop web UI
 * (periskop-dev/periskop, web/src/data/*.ts and web/src/util/errors.ts)
 * and the community Backstage Periskop plugin (backstage/community-plugins,
 * workspaces/periskop: PeriskopApi.getErrors and EntityPeriskopErrorsCard).
 * Their request paths and response handling are reproduced as they are,
 * unencoded keys and all. Both talk to the root of an origin without
 * credentials, so they reach the API through the reverse proxy the README
 * describes: it forwards /services/ and /targets/ to
 * /api/periskop/compat/ with a Backstage token.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { REDACTED } from '../../aggregation';
import {
  FIXTURES_RECORDED_AT,
  scrapeClientSequence,
} from '../../__testUtils__/clientFixtureScrapes';
import { componentEntity } from '../../__testUtils__/componentEntity';
import { createTestDatabases } from '../../__testUtils__/databases';
import { createTestStore } from '../../__testUtils__/testStore';
import { periskopPlugin } from '../../plugin';

jest.setTimeout(60_000);

const databases = createTestDatabases();

function component(name: string, annotations: Record<string, string>): Entity {
  return componentEntity(name, { annotations });
}

/**
 * The reverse proxy in front of the UI's origin: `/services/…` and
 * `/targets/…` go to the compat API, raw path and all, with a token.
 */
async function startProxy(backendUrl: string, authorization: string) {
  const server = http.createServer(async (req, res) => {
    if (!/^\/(services|targets)\//.test(req.url ?? '')) {
      res.writeHead(404).end();
      return;
    }
    const answer = await fetch(`${backendUrl}/api/periskop/compat${req.url}`, {
      method: req.method,
      headers: { authorization },
    });
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'text/plain',
    });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

/** The Periskop web UI's data layer, as in its source. */
class PeriskopWebUi {
  /** `parseHostName()`: the page's origin as a URL, so `${host}` ends in "/". */
  private readonly host: URL;

  constructor(origin: string) {
    this.host = new URL(origin);
  }

  /** data/services.ts `fetchServices` and its reducer's sort. */
  async fetchServices(): Promise<string[]> {
    const response = await fetch(`${this.host}services/`);
    const services: string[] = await response.json();
    return services.sort((a: string, b: string) => a.localeCompare(b));
  }

  /** data/errors.ts `fetchErrors`: no status check, straight to JSON. */
  async fetchErrors(service: string): Promise<any[]> {
    const response = await fetch(`${this.host}services/${service}/errors/`);
    return response.json();
  }

  /** data/errors.ts `resolveError`: the key as is, then a refetch. */
  async resolveError(service: string, errorKey: string) {
    const response = await fetch(
      `${this.host}services/${service}/errors/${errorKey}/`,
      { method: 'DELETE' },
    );
    return { response, errors: await this.fetchErrors(service) };
  }

  /** data/targets.ts `fetchTargets`. */
  async fetchTargets(): Promise<Record<string, Array<{ endpoint: string }>>> {
    const response = await fetch(`${this.host}targets/`);
    return response.json();
  }

  /** util/errors.ts `getFilteredErrors` with `latest_occurrence`. */
  static filteredErrors(errors: any[], searchTerm: string, severity: string) {
    const sorted = [...errors].sort(
      (a, b) => b.latest_errors[0].timestamp - a.latest_errors[0].timestamp,
    );
    const searched = sorted.filter(error =>
      error.aggregation_key.toLowerCase().includes(searchTerm.toLowerCase()),
    );
    return severity === 'All'
      ? searched
      : searched.filter(
          error => error.severity.toLowerCase() === severity.toLowerCase(),
        );
  }
}

/** The community plugin's backend `PeriskopApi.getErrors`. */
async function communityGetErrors(
  apiUrl: string,
  serviceName: string,
): Promise<any[] | { body: string }> {
  const response = await fetch(`${apiUrl}/services/${serviceName}/errors/`);
  if (!response.ok) {
    if (response.status === 404) {
      return { body: await response.text() };
    }
    throw new Error(
      `failed to fetch data, status ${response.status}: ${response.statusText}`,
    );
  }
  return response.json();
}

/** What the community card's columns render of each aggregate, in its sort order. */
function communityCardRows(errors: any[]) {
  return [...errors]
    .sort((a, b) => b.latest_errors[0].timestamp - a.latest_errors[0].timestamp)
    .map(error => ({
      key: error.aggregation_key,
      occurrences: error.total_count,
      lastOccurrence: new Date(error.latest_errors[0].timestamp * 1000),
      severity: error.severity.toLocaleLowerCase('en-US'),
    }));
}

describe('tools written for a Periskop server', () => {
  let backendUrl: string;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let ui: PeriskopWebUi;

  beforeAll(async () => {
    const knex: Knex = await databases.init('SQLITE_3');
    const store = await createTestStore({
      database: mockServices.database({ knex }),
    });
    await scrapeClientSequence(store, {
      entityRef: 'component:default/checkout-go',
      folder: 'go',
      serviceName: 'checkout',
    });
    await scrapeClientSequence(store, {
      entityRef: 'component:default/ingest-py',
      folder: 'python',
    });
    const { server } = await startTestBackend({
      features: [
        periskopPlugin,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({
          entities: [
            component('checkout-go', {
              'periskop.io/targets': 'http://127.0.0.1:1/go/-/exceptions',
              'periskop.io/service-name': 'checkout',
            }),
            component('ingest-py', {
              'periskop.io/targets': 'http://127.0.0.1:1/python/-/exceptions',
            }),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            periskop: {
              schedule: {
                frequency: { hours: 24 },
                initialDelay: { hours: 24 },
              },
            },
          },
        }),
      ],
    });
    backendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    proxy = await startProxy(backendUrl, mockCredentials.service.header());
    ui = new PeriskopWebUi(proxy.origin);
  });

  afterAll(async () => {
    await proxy?.close();
  });

  it('the API itself wants Backstage credentials', async () => {
    // (the test backend takes a request without a header for a mock user,
    // so "no credentials" is spelled out)
    const res = await fetch(`${backendUrl}/api/periskop/compat/services/`, {
      headers: { authorization: mockCredentials.none.header() },
    });
    expect(res.status).toBe(401);
  });

  describe('the Periskop web UI', () => {
    it('lists the services in its sidebar', async () => {
      expect(await ui.fetchServices()).toEqual(['checkout', 'ingest-py']);
    });

    it('shows the errors of a service, sorted, searched and filtered as it does', async () => {
      const errors = await ui.fetchErrors('checkout');
      const all = PeriskopWebUi.filteredErrors(errors, '', 'All');
      expect(all).toHaveLength(6);
      // the restarted process's SyntaxError is the latest occurrence
      expect(all[0].aggregation_key).toBe('*json.SyntaxError@e05c331d');
      expect(all[0].total_count).toBe(18);

      expect(
        PeriskopWebUi.filteredErrors(errors, 'ERRORSTRING', 'All').map(
          e => e.aggregation_key,
        ),
      ).toHaveLength(4);
      expect(
        PeriskopWebUi.filteredErrors(errors, '', 'Warning').map(e => [
          e.aggregation_key,
          e.total_count,
        ]),
      ).toEqual([['*errors.errorString@93fdfbea', 3]]);
      expect(
        PeriskopWebUi.filteredErrors(errors, 'provider', 'Error').map(
          e => e.aggregation_key,
        ),
      ).toEqual(['payments/provider rejected #1']);

      // the error view: created_at and each occurrence's time as dates
      const syntax = all[0];
      expect(new Date(syntax.created_at * 1000).toISOString()).toBe(
        '2026-11-21T19:21:20.000Z',
      );
      const times = syntax.latest_errors.map((e: any) =>
        new Date(e.timestamp * 1000).getTime(),
      );
      expect(times.every((t: number) => t <= FIXTURES_RECORDED_AT)).toBe(true);
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(syntax.latest_errors[0].error.class).toBe('*json.SyntaxError');

      const withRequest = errors.find(
        e => e.aggregation_key === '*errors.errorString@29ef46ad',
      );
      const context = withRequest.latest_errors[0].http_context;
      expect(context.request_method).toBe('POST');
      expect(context.request_headers.Authorization).toBe(REDACTED);
    });

    it('resolves an error by its unencoded key and no longer lists it', async () => {
      const { response, errors } = await ui.resolveError(
        'checkout',
        '*json.SyntaxError@e05c331d',
      );
      expect(response.status).toBe(204);
      expect(errors.map(e => e.aggregation_key)).not.toContain(
        '*json.SyntaxError@e05c331d',
      );
      expect(errors).toHaveLength(5);
    });

    it('cannot resolve a key with "#" unencoded (the browser cuts it), a script can', async () => {
      const key = 'payments/provider rejected #1';
      const cut = await ui.resolveError('checkout', key);
      expect(cut.response.status).toBe(400);
      expect(await cut.response.text()).toMatch(/encode "#" as %23/);
      expect(cut.errors.map(e => e.aggregation_key)).toContain(key);

      const encoded = await ui.resolveError(
        'checkout',
        encodeURIComponent(key),
      );
      expect(encoded.response.status).toBe(204);
      expect(encoded.errors.map(e => e.aggregation_key)).not.toContain(key);
    });

    it('lists the targets per service', async () => {
      // discovery has not run in this test: the services have no targets yet
      expect(await ui.fetchTargets()).toEqual({
        checkout: [],
        'ingest-py': [],
      });
    });
  });

  describe('the community Backstage Periskop plugin', () => {
    it('renders the errors card of a service', async () => {
      const errors = await communityGetErrors(proxy.origin, 'ingest-py');
      expect(Array.isArray(errors)).toBe(true);
      const rows = communityCardRows(errors as any[]);
      expect(rows.map(r => [r.key, r.occurrences, r.severity])).toEqual([
        ['JSONDecodeError@876ba4a6', 18, 'error'],
        ['ValueError@50aeab06', 4, 'error'],
        ['KeyError@4ae5dfde', 2, 'error'],
      ]);
      expect(rows[0].lastOccurrence.toISOString()).toBe(
        '2026-11-21T19:21:29.000Z',
      );

      // what its details view reads of an occurrence
      const valueError = (errors as any[]).find(
        e => e.aggregation_key === 'ValueError@50aeab06',
      );
      const latest = valueError.latest_errors[0];
      expect(typeof latest.uuid).toBe('string');
      expect(latest.error.class).toBe('ValueError');
      expect(Array.isArray(latest.error.stacktrace)).toBe(true);
      expect(latest.error.cause).toBeNull();
      expect(latest.http_context.request_headers.Authorization).toBe(REDACTED);
      expect(latest.http_context.request_body).not.toContain(
        '4111111111111111',
      );
    });

    it('shows Periskop’s text for a service it does not know', async () => {
      expect(await communityGetErrors(proxy.origin, 'unknown')).toEqual({
        body: 'service unknown not found',
      });
    });
  });
});

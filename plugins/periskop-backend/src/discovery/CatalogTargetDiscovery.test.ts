import { mockServices } from '@backstage/backend-test-utils';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogTargetDiscovery } from './CatalogTargetDiscovery';
import type { DnsResolver, SrvRecord } from './DnsResolver';
import { OutboundPolicy } from './OutboundPolicy';
import { targetId } from './targetId';

function entity(
  name: string,
  targets?: string,
  extra: Partial<Entity['metadata']> = {},
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      uid: `uid-${name}`,
      ...(targets === undefined
        ? {}
        : { annotations: { 'periskop.io/targets': targets } }),
      ...extra,
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/** A DNS resolver answering from tables; unknown names fail like Node's. */
class FakeDns implements DnsResolver {
  inFlight = 0;
  maxInFlight = 0;
  calls: string[] = [];

  constructor(
    readonly addresses: Record<string, string[]> = {},
    readonly srvRecords: Record<string, SrvRecord[]> = {},
    readonly delayMs = 0,
  ) {}

  async resolveAddresses(host: string): Promise<string[]> {
    return this.#answer(host, this.addresses[host], 'DNS lookup');
  }

  async resolveSrv(name: string): Promise<SrvRecord[]> {
    return this.#answer(name, this.srvRecords[name], 'DNS SRV lookup');
  }

  async #answer<T>(name: string, answer: T | undefined, what: string) {
    this.calls.push(name);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise(resolve => setTimeout(resolve, this.delayMs));
      if (answer === undefined) {
        throw new Error(`${what} of ${name} failed: ENOTFOUND`);
      }
      return answer;
    } finally {
      this.inFlight--;
    }
  }
}

function srv(name: string, port: number, priority = 10, weight = 0) {
  return { name, port, priority, weight };
}

function setup(options: {
  entities: Entity[];
  dns?: DnsResolver;
  policy?: OutboundPolicy;
  dnsConcurrency?: number;
  dnsTimeoutMs?: number;
  pageSize?: number;
  maxEntriesPerAnnotation?: number;
  maxRecordsPerName?: number;
  maxTargetsPerEntity?: number;
}) {
  const catalog = catalogServiceMock({ entities: options.entities });
  const logger = mockServices.logger.mock();
  const discovery = new CatalogTargetDiscovery({
    catalog,
    auth: mockServices.auth(),
    dns: options.dns ?? new FakeDns(),
    policy: options.policy ?? new OutboundPolicy(),
    logger,
    dnsConcurrency: options.dnsConcurrency,
    dnsTimeoutMs: options.dnsTimeoutMs,
    pageSize: options.pageSize,
    maxEntriesPerAnnotation: options.maxEntriesPerAnnotation,
    maxRecordsPerName: options.maxRecordsPerName,
    maxTargetsPerEntity: options.maxTargetsPerEntity,
  });
  return { catalog, discovery, logger };
}

const REF = 'component:default/api-auth';

describe('CatalogTargetDiscovery', () => {
  it('expands http, dns+a and dns+srv entries', async () => {
    const dns = new FakeDns(
      { 'api.svc': ['10.0.0.2', 'fd00::1', '10.0.0.1'] },
      {
        '_http._tcp.api.svc': [
          srv('b.api.svc', 9000, 10, 5),
          srv('a.api.svc', 9000, 10, 5),
          srv('backup.api.svc', 80, 20),
        ],
      },
    );
    const { discovery } = setup({
      entities: [
        entity(
          'API-Auth',
          'http://api-auth:8080, dns+a://api.svc:8080, dns+srv://_http._tcp.api.svc/metrics/errors',
        ),
      ],
      dns,
    });

    const { targets, problems } = await discovery.discover();

    expect(problems).toEqual([]);
    const A = 'dns+a://api.svc:8080/-/exceptions';
    const SRV = 'dns+srv://_http._tcp.api.svc/metrics/errors';
    expect(targets).toEqual(
      [
        [
          'http://api-auth:8080/-/exceptions',
          'http://api-auth:8080/-/exceptions',
        ],
        ['http://10.0.0.1:8080/-/exceptions', A],
        ['http://10.0.0.2:8080/-/exceptions', A],
        ['http://[fd00::1]:8080/-/exceptions', A],
        ['http://a.api.svc:9000/metrics/errors', SRV],
        ['http://b.api.svc:9000/metrics/errors', SRV],
        // port 80 is the default and dropped, like in the annotation parser
        ['http://backup.api.svc/metrics/errors', SRV],
      ].map(([url, source]) => ({
        id: targetId(REF, url),
        entityRef: REF,
        url,
        source,
        // metadata.name keeps its case; the entity ref is lower case
        serviceName: 'API-Auth',
      })),
    );
  });

  it('lists an entity that only names its service (it pushes), without targets', async () => {
    const { discovery } = setup({
      entities: [
        entity('nightly', undefined, {
          annotations: { 'periskop.io/service-name': 'nightly-report' },
        }),
        entity('api', 'http://api:8080'),
        entity('unmonitored'),
        entity('blank', undefined, {
          annotations: { 'periskop.io/service-name': ' ' },
        }),
        entity('long', undefined, {
          annotations: { 'periskop.io/service-name': 'x'.repeat(256) },
        }),
      ],
    });

    const { targets, entityRefs, problems } = await discovery.discover();

    expect(problems).toEqual([
      {
        entityRef: 'component:default/long',
        message: expect.stringMatching(
          /^periskop.io\/service-name is longer than 255 characters and is ignored/,
        ),
      },
    ]);
    // a blank service name does not make an entity monitored
    expect(entityRefs).toEqual([
      'component:default/api',
      'component:default/long',
      'component:default/nightly',
    ]);
    expect(targets).toEqual([
      {
        id: targetId('component:default/api', 'http://api:8080/-/exceptions'),
        entityRef: 'component:default/api',
        url: 'http://api:8080/-/exceptions',
        source: 'http://api:8080/-/exceptions',
      },
    ]);
  });

  it('queries only annotated entities, with the own service credentials and few fields', async () => {
    const { catalog, discovery } = setup({ entities: [] });
    const stream = jest.spyOn(catalog, 'streamEntities');

    await discovery.discover();

    expect(stream).toHaveBeenCalledWith(
      {
        // either annotation: an entity that only names its service pushes
        filter: [
          { 'metadata.annotations.periskop.io/targets': CATALOG_FILTER_EXISTS },
          {
            'metadata.annotations.periskop.io/service-name':
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
        pageSize: 500,
      },
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            type: 'service',
            subject: 'plugin:test',
          }),
        }),
      },
    );
  });

  it('reports invalid entries as problems and keeps the valid ones', async () => {
    const { discovery } = setup({
      entities: [
        entity(
          'api-auth',
          'http://ok:1, ftp://x, dns+a://noport, https://also-ok',
        ),
      ],
    });

    const { targets, problems } = await discovery.discover();

    expect(targets.map(t => t.url)).toEqual([
      'http://ok:1/-/exceptions',
      'https://also-ok/-/exceptions',
    ]);
    expect(problems).toEqual([
      {
        entityRef: REF,
        message:
          '"ftp://x" is not a supported target: use http(s)://, dns+a:// or dns+srv://',
      },
      {
        entityRef: REF,
        message:
          '"dns+a://noport" has no port: dns+a targets need one, e.g. dns+a://noport:8080',
      },
    ]);
  });

  it('lists every annotated entity, also one without a valid entry, so that its data is not taken for gone', async () => {
    const { discovery } = setup({
      entities: [
        entity('api-auth', 'ftp://x'),
        entity('api-feeds', 'http://ok:1'),
      ],
    });

    const { targets, problems, entityRefs } = await discovery.discover();

    expect(targets.map(t => t.entityRef)).toEqual([
      'component:default/api-feeds',
    ]);
    expect(problems.map(p => p.entityRef)).toEqual([REF]);
    expect([...entityRefs].sort()).toEqual([
      REF,
      'component:default/api-feeds',
    ]);
  });

  it('keeps blocked targets, with the reason', async () => {
    const dns = new FakeDns(
      { 'api.svc': ['10.0.0.1', '169.254.169.254'] },
      {
        '_http._tcp.api.svc': [
          srv('metadata.google.internal', 80),
          srv('ok.api.svc', 8080),
        ],
      },
    );
    const { discovery } = setup({
      entities: [
        entity(
          'api-auth',
          [
            'http://169.254.169.254/latest/meta-data',
            'http://[::ffff:169.254.169.254]/',
            'http://db.corp:8080',
            'dns+a://api.svc:8080',
            'dns+a://secret.corp:8080',
            'dns+srv://_http._tcp.api.svc',
          ].join(','),
        ),
      ],
      dns,
      policy: new OutboundPolicy({ deny: ['*.corp'] }),
    });

    const { targets } = await discovery.discover();

    const P = 'blocked by periskop.targets policy: ';
    expect(targets.map(t => [t.url, t.unavailableReason])).toEqual([
      [
        'http://169.254.169.254/latest/meta-data',
        `${P}169.254.169.254 is a link-local address`,
      ],
      [
        'http://[::ffff:a9fe:a9fe]/-/exceptions',
        `${P}169.254.169.254 is a link-local address`,
      ],
      [
        'http://db.corp:8080/-/exceptions',
        `${P}db.corp matches periskop.targets.deny entry "*.corp"`,
      ],
      ['http://10.0.0.1:8080/-/exceptions', undefined],
      [
        'http://169.254.169.254:8080/-/exceptions',
        `${P}api.svc (169.254.169.254) is a link-local address`,
      ],
      // denied names are not even looked up
      [
        'dns+a://secret.corp:8080/-/exceptions',
        `${P}secret.corp matches periskop.targets.deny entry "*.corp"`,
      ],
      [
        'http://metadata.google.internal/-/exceptions',
        `${P}metadata.google.internal is the GCP instance metadata service`,
      ],
      ['http://ok.api.svc:8080/-/exceptions', undefined],
    ]);
    expect(dns.calls).not.toContain('secret.corp');
  });

  it('applies an allow list to dns+a addresses through the name', async () => {
    const dns = new FakeDns({
      'api.svc.cluster.local': ['10.0.0.1'],
      'other.example': ['10.0.0.2'],
    });
    const { discovery } = setup({
      entities: [
        entity(
          'api-auth',
          'dns+a://api.svc.cluster.local:8080, dns+a://other.example:8080, http://10.0.0.3:8080',
        ),
      ],
      dns,
      policy: new OutboundPolicy({ allow: ['*.svc.cluster.local'] }),
    });

    const { targets } = await discovery.discover();

    const P = 'blocked by periskop.targets policy: ';
    expect(targets.map(t => [t.url, t.unavailableReason])).toEqual([
      ['http://10.0.0.1:8080/-/exceptions', undefined],
      [
        'dns+a://other.example:8080/-/exceptions',
        `${P}other.example is not in periskop.targets.allow`,
      ],
      [
        'http://10.0.0.3:8080/-/exceptions',
        `${P}10.0.0.3 is not in periskop.targets.allow`,
      ],
    ]);
  });

  it('turns a DNS failure into one unavailable target named by the entry', async () => {
    const { discovery } = setup({
      entities: [
        entity(
          'api-auth',
          'dns+a://api.svc:8080, dns+srv://_http._tcp.gone.svc',
        ),
      ],
    });

    const { targets, problems } = await discovery.discover();

    expect(problems).toEqual([]);
    expect(targets).toEqual([
      {
        id: targetId(REF, 'dns+a://api.svc:8080/-/exceptions'),
        entityRef: REF,
        url: 'dns+a://api.svc:8080/-/exceptions',
        source: 'dns+a://api.svc:8080/-/exceptions',
        unavailableReason: 'DNS lookup of api.svc failed: ENOTFOUND',
      },
      {
        id: targetId(REF, 'dns+srv://_http._tcp.gone.svc/-/exceptions'),
        entityRef: REF,
        url: 'dns+srv://_http._tcp.gone.svc/-/exceptions',
        source: 'dns+srv://_http._tcp.gone.svc/-/exceptions',
        unavailableReason:
          'DNS SRV lookup of _http._tcp.gone.svc failed: ENOTFOUND',
      },
    ]);
  });

  it('words other DNS failures, empty answers and unusable SRV records', async () => {
    const dns: DnsResolver = {
      resolveAddresses: async host => {
        if (host === 'boom.svc') throw new Error('socket hang up');
        return [];
      },
      resolveSrv: async () => [srv('', 80), srv('x.svc', 0)],
    };
    const { discovery } = setup({
      entities: [
        entity(
          'api-auth',
          'dns+a://boom.svc:1, dns+a://empty.svc:1, dns+srv://_h._tcp.x.svc',
        ),
      ],
      dns,
    });

    const { targets } = await discovery.discover();

    expect(targets.map(t => t.unavailableReason)).toEqual([
      'DNS lookup of boom.svc failed: socket hang up',
      'DNS lookup of empty.svc failed: ENODATA',
      'DNS SRV lookup of _h._tcp.x.svc found no usable records (target "." or port 0)',
    ]);
  });

  it('times out slow DNS lookups', async () => {
    const dns: DnsResolver = {
      resolveAddresses: () => new Promise(() => {}),
      resolveSrv: () => new Promise(() => {}),
    };
    const { discovery } = setup({
      entities: [entity('api-auth', 'dns+a://slow.svc:1')],
      dns,
      dnsTimeoutMs: 20,
    });

    const { targets } = await discovery.discover();

    expect(targets.map(t => t.unavailableReason)).toEqual([
      'DNS lookup of slow.svc failed: timed out after 20 ms',
    ]);
  });

  describe('limits', () => {
    const urls = (count: number, from = 0) =>
      Array.from({ length: count }, (_, i) => `http://api-${from + i}:8080`);

    it('scrapes the first maxEntriesPerAnnotation entries and reports the rest', async () => {
      const { discovery } = setup({
        entities: [entity('api-auth', urls(5).join(','))],
        maxEntriesPerAnnotation: 3,
      });

      const { targets, problems } = await discovery.discover();

      const reason =
        'periskop.discovery.maxEntriesPerAnnotation is 3: the periskop.io/targets annotation lists 5 targets, 2 of them (this one and every one after it) are not scraped';
      expect(
        targets.map(t => [t.url, t.unavailableReason ?? 'scraped']),
      ).toEqual([
        ['http://api-0:8080/-/exceptions', 'scraped'],
        ['http://api-1:8080/-/exceptions', 'scraped'],
        ['http://api-2:8080/-/exceptions', 'scraped'],
        ['http://api-3:8080/-/exceptions', reason],
      ]);
      expect(problems).toEqual([
        {
          entityRef: REF,
          message:
            'the annotation lists 5 targets, more than the limit of 3: "http://api-3:8080/-/exceptions" and every target after it (2 in all) are left out',
        },
      ]);
    });

    it('uses the default of 32 entries per annotation', async () => {
      const { discovery } = setup({
        entities: [entity('api-auth', urls(40).join(','))],
      });
      const { targets } = await discovery.discover();
      expect(targets.filter(t => !t.unavailableReason)).toHaveLength(32);
      expect(targets).toHaveLength(33);
    });

    it('keeps the first maxRecordsPerName records of a DNS name', async () => {
      const dns = new FakeDns(
        { 'api.svc': ['10.0.0.3', '10.0.0.1', '10.0.0.2', '10.0.0.4'] },
        {
          '_http._tcp.api.svc': [
            srv('c.api.svc', 80, 30),
            srv('a.api.svc', 80, 10),
            srv('b.api.svc', 80, 20),
          ],
        },
      );
      const { discovery } = setup({
        entities: [
          entity(
            'api-auth',
            'dns+a://api.svc:8080, dns+srv://_http._tcp.api.svc',
          ),
        ],
        dns,
        maxRecordsPerName: 2,
      });

      const { targets, problems } = await discovery.discover();

      const A = 'dns+a://api.svc:8080/-/exceptions';
      const SRV = 'dns+srv://_http._tcp.api.svc/-/exceptions';
      const aReason =
        'periskop.discovery.maxRecordsPerName is 2: DNS lookup of api.svc found 4 addresses, the last 2 are not scraped';
      const srvReason =
        'periskop.discovery.maxRecordsPerName is 2: DNS SRV lookup of _http._tcp.api.svc found 3 usable records, the last 1 are not scraped';
      expect(
        targets.map(t => [t.url, t.unavailableReason ?? 'scraped']),
      ).toEqual([
        ['http://10.0.0.1:8080/-/exceptions', 'scraped'],
        ['http://10.0.0.2:8080/-/exceptions', 'scraped'],
        [A, aReason],
        ['http://a.api.svc/-/exceptions', 'scraped'],
        ['http://b.api.svc/-/exceptions', 'scraped'],
        [SRV, srvReason],
      ]);
      expect(problems).toEqual([
        { entityRef: REF, message: `${A}: ${aReason}` },
        { entityRef: REF, message: `${SRV}: ${srvReason}` },
      ]);
    });

    it('keeps the first maxTargetsPerEntity targets of an entity', async () => {
      const dns = new FakeDns({
        'api.svc': ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
      });
      const { discovery } = setup({
        entities: [
          entity(
            'api-auth',
            'http://one:8080, dns+a://api.svc:8080, http://two:8080',
          ),
          entity('other', urls(2).join(',')),
        ],
        dns,
        maxTargetsPerEntity: 3,
      });

      const { targets, problems } = await discovery.discover();

      const reason =
        'periskop.discovery.maxTargetsPerEntity is 3: component:default/api-auth has 5 targets, 2 of them (this one and every one after it) are not scraped';
      expect(
        targets.map(t => [
          t.entityRef,
          t.url,
          t.unavailableReason ?? 'scraped',
        ]),
      ).toEqual([
        [REF, 'http://one:8080/-/exceptions', 'scraped'],
        [REF, 'http://10.0.0.1:8080/-/exceptions', 'scraped'],
        [REF, 'http://10.0.0.2:8080/-/exceptions', 'scraped'],
        [REF, 'http://10.0.0.3:8080/-/exceptions', reason],
        [
          'component:default/other',
          'http://api-0:8080/-/exceptions',
          'scraped',
        ],
        [
          'component:default/other',
          'http://api-1:8080/-/exceptions',
          'scraped',
        ],
      ]);
      expect(problems).toEqual([{ entityRef: REF, message: reason }]);
    });
  });

  it('ignores entities without the annotation', async () => {
    const { discovery } = setup({
      entities: [
        entity('no-annotations'),
        entity('other-annotations', undefined, {
          annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
        }),
        entity('blank', ' '),
        entity('api-auth', 'http://api:1'),
      ],
    });

    const { targets, problems } = await discovery.discover();

    expect(targets.map(t => t.entityRef)).toEqual([REF]);
    expect(problems).toEqual([]);
  });

  it('forgets removed entities on the next pass', async () => {
    const { catalog, discovery } = setup({
      entities: [entity('api-auth', 'http://a:1'), entity('web', 'http://w:1')],
    });

    const first = await discovery.discover();
    expect(first.targets.map(t => t.entityRef)).toEqual([
      REF,
      'component:default/web',
    ]);

    await catalog.removeEntityByUid('uid-web');
    const second = await discovery.discover();
    expect(second.targets.map(t => t.entityRef)).toEqual([REF]);
  });

  it('orders entities by ref and removes duplicate targets', async () => {
    const dns = new FakeDns({ 'api.svc': ['10.0.0.1'] });
    const { discovery } = setup({
      entities: [
        entity('zeta', 'http://z:1'),
        entity('svc', 'http://s:1', { namespace: 'Prod' }, 'System'),
        entity(
          'api-auth',
          'http://10.0.0.1:8080/-/exceptions, dns+a://api.svc:8080, http://10.0.0.1:8080',
        ),
        entity('alpha', 'http://a:1'),
      ],
      dns,
    });

    const { targets } = await discovery.discover();

    expect(targets.map(t => [t.entityRef, t.url, t.source])).toEqual([
      [
        'component:default/alpha',
        'http://a:1/-/exceptions',
        'http://a:1/-/exceptions',
      ],
      [
        REF,
        'http://10.0.0.1:8080/-/exceptions',
        'http://10.0.0.1:8080/-/exceptions',
      ],
      [
        'component:default/zeta',
        'http://z:1/-/exceptions',
        'http://z:1/-/exceptions',
      ],
      ['system:prod/svc', 'http://s:1/-/exceptions', 'http://s:1/-/exceptions'],
    ]);
    expect(new Set(targets.map(t => t.id)).size).toBe(targets.length);
  });

  it('reads large catalogs page by page', async () => {
    const entities = Array.from({ length: 1234 }, (_, i) =>
      entity(`svc-${String(i).padStart(4, '0')}`, `http://svc-${i}:8080`),
    );
    const { catalog, discovery } = setup({ entities, pageSize: 100 });
    const query = jest.spyOn(catalog, 'queryEntities');

    const { targets } = await discovery.discover();

    expect(targets).toHaveLength(1234);
    expect(targets[0].entityRef).toBe('component:default/svc-0000');
    expect(targets[1233].entityRef).toBe('component:default/svc-1233');
    expect(query).toHaveBeenCalledTimes(13);
  });

  it('bounds the DNS lookups in flight', async () => {
    const names = Array.from({ length: 40 }, (_, i) => `n${i}.svc`);
    const dns = new FakeDns(
      Object.fromEntries(names.map((n, i) => [n, [`10.0.1.${i}`]])),
      {},
      5,
    );
    const { discovery } = setup({
      entities: [
        entity('api-auth', names.map(n => `dns+a://${n}:1`).join(',')),
      ],
      dns,
      dnsConcurrency: 4,
      maxEntriesPerAnnotation: 40,
    });

    const { targets } = await discovery.discover();

    expect(targets).toHaveLength(40);
    expect(dns.maxInFlight).toBe(4);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const dns: DnsResolver = {
      resolveAddresses: () => {
        controller.abort(new Error('task cancelled'));
        return new Promise(() => {});
      },
      resolveSrv: () => new Promise(() => {}),
    };
    const { discovery } = setup({
      entities: [entity('api-auth', 'dns+a://a.svc:1, dns+a://b.svc:1')],
      dns,
      dnsConcurrency: 1,
    });

    await expect(
      discovery.discover({ signal: controller.signal }),
    ).rejects.toThrow('task cancelled');

    const aborted = AbortSignal.abort();
    await expect(discovery.discover({ signal: aborted })).rejects.toThrow();
  });
});

import * as dns from 'node:dns';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LookupFunction } from 'node:net';
import { OutboundPolicy } from './OutboundPolicy';
import { OwnBackendEndpoints } from './OwnBackendEndpoints';
import { TestDnsServer } from '../__testUtils__/dnsServer';
import { UndiciTargetFetcher } from '../scrape/UndiciTargetFetcher';
import {
  createPolicyLookup,
  POLICY_BLOCKED_CODE,
  PolicyBlockedError,
} from './policyLookup';

type Answer = Array<{ address: string; family: number }>;

/** A fake `dns.lookup` answering from a table, recording its calls. */
function fakeLookup(table: Record<string, Answer>) {
  const calls: Array<{ hostname: string; options: dns.LookupOptions }> = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    calls.push({ hostname, options });
    const answer = table[hostname];
    if (!answer) {
      const error: NodeJS.ErrnoException = new Error(
        `getaddrinfo ENOTFOUND ${hostname}`,
      );
      error.code = 'ENOTFOUND';
      setImmediate(() => callback(error, ''));
      return;
    }
    setImmediate(() => {
      if (options.all) {
        callback(null, answer);
      } else {
        callback(null, answer[0].address, answer[0].family);
      }
    });
  };
  return { lookup, calls };
}

interface Outcome {
  error: NodeJS.ErrnoException | null;
  address: string | dns.LookupAddress[];
  family?: number;
}

function call(
  lookup: LookupFunction,
  hostname: string,
  options?: dns.LookupOptions | number,
): Promise<Outcome> {
  return new Promise(resolve => {
    const callback = (
      error: NodeJS.ErrnoException | null,
      address: string | dns.LookupAddress[],
      family?: number,
    ) => resolve({ error, address, family });
    if (options === undefined) {
      (lookup as Function)(hostname, callback);
    } else {
      (lookup as Function)(hostname, options, callback);
    }
  });
}

const TABLE: Record<string, Answer> = {
  'api.svc': [
    { address: '10.0.0.1', family: 4 },
    { address: 'fd00::1', family: 6 },
  ],
  'rebind.test': [
    { address: '10.0.0.2', family: 4 },
    { address: '169.254.169.254', family: 4 },
  ],
  'mapped.test': [{ address: '::ffff:169.254.169.254', family: 6 }],
  'public.test': [{ address: '8.8.8.8', family: 4 }],
};

describe('createPolicyLookup', () => {
  const policy = new OutboundPolicy({ allow: ['*.svc', '10.0.0.0/8'] });

  it('answers all addresses with all: true', async () => {
    const { lookup, calls } = fakeLookup(TABLE);
    const outcome = await call(createPolicyLookup(policy, lookup), 'api.svc', {
      all: true,
      family: 0,
    });
    expect(outcome.error).toBeNull();
    expect(outcome.address).toEqual(TABLE['api.svc']);
    expect(calls).toEqual([
      { hostname: 'api.svc', options: { all: true, family: 0 } },
    ]);
  });

  it('answers the first address and its family without all', async () => {
    const { lookup, calls } = fakeLookup(TABLE);
    const policyLookup = createPolicyLookup(policy, lookup);

    expect(await call(policyLookup, 'api.svc', { family: 4 })).toEqual({
      error: null,
      address: '10.0.0.1',
      family: 4,
    });
    expect(await call(policyLookup, 'api.svc', { all: false })).toMatchObject({
      address: '10.0.0.1',
      family: 4,
    });
    // numeric family and callback-as-second-argument forms
    expect(await call(policyLookup, 'api.svc', 4)).toMatchObject({
      address: '10.0.0.1',
    });
    expect(await call(policyLookup, 'api.svc')).toMatchObject({
      address: '10.0.0.1',
    });
    // the base lookup is always asked for all addresses, family kept
    expect(calls.map(c => c.options)).toEqual([
      { family: 4, all: true },
      { all: true },
      { family: 4, all: true },
      { all: true },
    ]);
  });

  it.each([
    [
      'rebind.test',
      'blocked by periskop.targets policy: rebind.test (169.254.169.254) is a link-local address',
    ],
    [
      'mapped.test',
      'blocked by periskop.targets policy: mapped.test (169.254.169.254) is a link-local address',
    ],
    [
      'public.test',
      'blocked by periskop.targets policy: public.test (8.8.8.8) is not in periskop.targets.allow',
    ],
  ])('fails for %s when any address is blocked', async (hostname, reason) => {
    const { lookup } = fakeLookup(TABLE);
    for (const all of [true, false]) {
      const { error } = await call(
        createPolicyLookup(policy, lookup),
        hostname,
        {
          all,
        },
      );
      expect(error).toBeInstanceOf(PolicyBlockedError);
      expect(error?.message).toBe(reason);
      expect(error?.code).toBe(POLICY_BLOCKED_CODE);
      expect(error?.code).toBe('EPERISKOPBLOCKED');
      expect((error as PolicyBlockedError).hostname).toBe(hostname);
    }
  });

  it('passes errors of the base lookup on unchanged', async () => {
    const { lookup } = fakeLookup(TABLE);
    const { error } = await call(
      createPolicyLookup(policy, lookup),
      'missing.svc',
      { all: true },
    );
    expect(error?.code).toBe('ENOTFOUND');
    expect(error?.message).toBe('getaddrinfo ENOTFOUND missing.svc');
  });

  it('treats an empty answer as not found', async () => {
    const { lookup } = fakeLookup({ 'empty.svc': [] });
    const { error } = await call(
      createPolicyLookup(policy, lookup),
      'empty.svc',
      { all: true },
    );
    expect(error?.code).toBe('ENOTFOUND');
  });

  it('does not resolve IP literals and applies only the deny rules to them', async () => {
    const { lookup, calls } = fakeLookup(TABLE);
    const policyLookup = createPolicyLookup(
      new OutboundPolicy({ allow: ['*.svc'], deny: ['10.9.0.0/16'] }),
      lookup,
    );
    // allowed at discovery through its DNS name: not blocked here
    expect(await call(policyLookup, '10.0.0.1', { all: true })).toEqual({
      error: null,
      address: [{ address: '10.0.0.1', family: 4 }],
      family: undefined,
    });
    expect(await call(policyLookup, '[fd00::1]', {})).toEqual({
      error: null,
      address: 'fd00::1',
      family: 6,
    });
    expect((await call(policyLookup, '10.9.0.1', {})).error?.message).toBe(
      'blocked by periskop.targets policy: 10.9.0.1 matches periskop.targets.deny entry "10.9.0.0/16"',
    );
    expect((await call(policyLookup, '169.254.169.254', {})).error?.code).toBe(
      'EPERISKOPBLOCKED',
    );
    expect(
      (await call(policyLookup, '::ffff:169.254.169.254', { all: true })).error
        ?.message,
    ).toBe(
      'blocked by periskop.targets policy: 169.254.169.254 is a link-local address',
    );
    expect(calls).toEqual([]);
  });

  it('with a port, refuses the addresses where this backend answers', async () => {
    const { lookup, calls } = fakeLookup({
      ...TABLE,
      'alias.test': [{ address: '8.8.8.8', family: 4 }],
      'public.test': [{ address: '8.8.8.8', family: 4 }],
    });
    const ownBackend = new OwnBackendEndpoints({
      listenPort: 7007,
      baseUrl: 'http://public.test:8443',
      localAddresses: () => ['10.0.0.1'],
    });
    const open = new OutboundPolicy();
    const on = (port: number) =>
      createPolicyLookup(open, lookup, { port, ownBackend });

    expect(
      (await call(on(7007), 'api.svc', { all: true })).error?.message,
    ).toBe(
      'blocked by periskop.targets policy: api.svc (10.0.0.1) port 7007 is this Backstage backend (backend.listen port 7007)',
    );
    expect((await call(on(7007), '[::1]', {})).error?.message).toBe(
      'blocked by periskop.targets policy: ::1 port 7007 is this Backstage backend (backend.listen port 7007)',
    );
    expect((await call(on(8080), 'api.svc', { all: true })).error).toBeNull();
    expect(calls.map(c => c.hostname)).toEqual(['api.svc', 'api.svc']);

    // the baseUrl port: its host is resolved and its addresses compared
    expect((await call(on(8443), 'alias.test', {})).error?.message).toBe(
      'blocked by periskop.targets policy: alias.test (8.8.8.8) port 8443 is this Backstage backend (backend.baseUrl http://public.test:8443)',
    );
    expect(calls.map(c => c.hostname).slice(2)).toEqual([
      'alias.test',
      'public.test',
    ]);
    expect((await call(on(8444), 'alias.test', {})).error).toBeNull();

    // the connections of one port look the baseUrl's host up once a minute
    const onBaseUrlPort = on(8443);
    const before = calls.length;
    await call(onBaseUrlPort, 'alias.test', {});
    await call(onBaseUrlPort, 'api.svc', {});
    expect(calls.map(c => c.hostname).slice(before)).toEqual([
      'alias.test',
      'public.test',
      'api.svc',
    ]);
  });

  it('uses dns.lookup by default', async () => {
    const outcome = await call(
      createPolicyLookup(new OutboundPolicy()),
      'localhost',
      { all: true },
    );
    expect(outcome.error).toBeNull();
    expect(outcome.address).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ address: expect.any(String) }),
      ]),
    );

    const blocked = await call(
      createPolicyLookup(new OutboundPolicy({ deny: ['localhost'] })),
      'localhost',
      {},
    );
    expect(blocked.error?.message).toBe(
      'blocked by periskop.targets policy: localhost matches periskop.targets.deny entry "localhost"',
    );
  });

  it('plugs into net.connect as its lookup option', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const get = (outbound: OutboundPolicy) =>
      new Promise<string>((resolve, reject) => {
        http
          .get(
            {
              host: 'localhost',
              port,
              family: 4,
              path: '/',
              agent: false,
              lookup: createPolicyLookup(outbound),
            },
            res => {
              res.resume();
              res.on('end', () => resolve(String(res.statusCode)));
            },
          )
          .on('error', reject);
      });
    try {
      await expect(get(new OutboundPolicy())).resolves.toBe('200');
      await expect(
        get(new OutboundPolicy({ allow: ['10.0.0.0/8'] })),
      ).rejects.toMatchObject({
        code: 'EPERISKOPBLOCKED',
        message:
          'blocked by periskop.targets policy: localhost (127.0.0.1) is not in periskop.targets.allow',
      });
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });
});

describe('createPolicyLookup with a real resolver at connect time', () => {
  let dnsServer: TestDnsServer;
  let service: http.Server;
  let port: number;

  beforeAll(async () => {
    dnsServer = await TestDnsServer.start();
    service = http.createServer((_req, res) => res.end('{}'));
    await new Promise<void>(resolve => service.listen(0, '127.0.0.1', resolve));
    port = (service.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await dnsServer.stop();
    await new Promise(resolve => service.close(resolve));
  });

  /** `dns.lookup` answered by the test DNS server, over the wire. */
  function resolverLookup(): LookupFunction {
    const resolver = new dns.promises.Resolver({ timeout: 1000, tries: 1 });
    resolver.setServers([dnsServer.address]);
    return (hostname, options, callback) => {
      Promise.allSettled([
        resolver.resolve4(hostname),
        resolver.resolve6(hostname),
      ]).then(([v4, v6]) => {
        const all = [
          ...(v4.status === 'fulfilled' ? v4.value : []).map(address => ({
            address,
            family: 4,
          })),
          ...(v6.status === 'fulfilled' ? v6.value : []).map(address => ({
            address,
            family: 6,
          })),
        ];
        if (all.length === 0) {
          const error: NodeJS.ErrnoException = new Error(
            `getaddrinfo ENOTFOUND ${hostname}`,
          );
          error.code = 'ENOTFOUND';
          callback(error, '');
        } else if (options.all) {
          callback(null, all);
        } else {
          callback(null, all[0].address, all[0].family);
        }
      });
    };
  }

  it('refuses a name whose answer is a denied address, and connects otherwise', async () => {
    dnsServer.set('good.test', { a: ['127.0.0.1'] });
    dnsServer.set('nat64.test', { aaaa: ['64:ff9b::a9fe:a9fe'] });
    dnsServer.set('azure.test', { a: ['168.63.129.16'] });
    dnsServer.set('zero.test', { a: ['0.0.0.0'] });
    const fetcher = new UndiciTargetFetcher({
      timeoutMs: 2000,
      maxBodyBytes: 1024,
      concurrency: 4,
      lookup: createPolicyLookup(new OutboundPolicy(), resolverLookup()),
    });
    try {
      const fetch = (host: string) =>
        fetcher.fetch(`http://${host}:${port}/-/exceptions`);

      await expect(fetch('good.test')).resolves.toMatchObject({ ok: true });
      await expect(fetch('nat64.test')).resolves.toMatchObject({
        ok: false,
        reason:
          'blocked by periskop.targets policy: nat64.test (64:ff9b::a9fe:a9fe), the NAT64 form of 169.254.169.254, is a link-local address',
      });
      await expect(fetch('azure.test')).resolves.toMatchObject({
        ok: false,
        reason:
          'blocked by periskop.targets policy: azure.test (168.63.129.16) is the Azure WireServer',
      });
      await expect(fetch('zero.test')).resolves.toMatchObject({
        ok: false,
        reason:
          'blocked by periskop.targets policy: zero.test (0.0.0.0) is an unspecified ("this network") address',
      });
      expect(dnsServer.questions).toEqual(
        expect.arrayContaining(['nat64.test AAAA', 'azure.test A']),
      );
    } finally {
      await fetcher.close();
    }
  });
});

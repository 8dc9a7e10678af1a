import {
  DEFAULT_MAX_TARGET_ENTRIES,
  parseTargetsAnnotation,
} from './parseTargetsAnnotation';
import type { TargetSpec } from './TargetSpec';

const UNSUPPORTED =
  'is not a supported target: use http(s)://, dns+a:// or dns+srv://';

function targetsOf(value: string): TargetSpec[] {
  const { targets, errors } = parseTargetsAnnotation(value);
  expect(errors).toEqual([]);
  return targets;
}

function errorsOf(value: string): string[] {
  const { targets, errors } = parseTargetsAnnotation(value);
  expect(targets).toEqual([]);
  return errors;
}

describe('parseTargetsAnnotation', () => {
  describe('http(s)', () => {
    it.each([
      ['http://api:8080/-/exceptions', 'http://api:8080/-/exceptions'],
      ['http://api:8080', 'http://api:8080/-/exceptions'],
      ['http://api:8080/', 'http://api:8080/-/exceptions'],
      ['https://api.example.com', 'https://api.example.com/-/exceptions'],
      ['http://api:8080/errors', 'http://api:8080/errors'],
      ['http://api:8080/errors/', 'http://api:8080/errors/'],
      [
        'http://api:8080/-/exceptions?format=json',
        'http://api:8080/-/exceptions?format=json',
      ],
      ['http://api:8080?token=x', 'http://api:8080/-/exceptions?token=x'],
      ['HTTP://API.Example.com:8080/X', 'http://api.example.com:8080/X'],
      ['http://10.0.0.1:9090', 'http://10.0.0.1:9090/-/exceptions'],
      ['http://[::1]:8080', 'http://[::1]:8080/-/exceptions'],
      ['http://[fd00::1]/e', 'http://[fd00::1]/e'],
      ['http://localhost', 'http://localhost/-/exceptions'],
      // default ports are dropped by URL normalisation
      ['http://api:80/e', 'http://api/e'],
      ['https://api:443/e', 'https://api/e'],
      ['http://api:/e', 'http://api/e'],
      ['http://api:8080/a%20b', 'http://api:8080/a%20b'],
      ['http://api:8080/ünï', 'http://api:8080/%C3%BCn%C3%AF'],
      ['http://bücher.example', 'http://xn--bcher-kva.example/-/exceptions'],
    ])('%s → %s', (entry, url) => {
      expect(targetsOf(entry)).toEqual([{ type: 'http', url }]);
    });
  });

  describe('dns+a', () => {
    it.each<[string, TargetSpec]>([
      [
        'dns+a://api-auth.prod.svc.cluster.local:8080',
        {
          type: 'dns+a',
          host: 'api-auth.prod.svc.cluster.local',
          port: 8080,
          path: '/-/exceptions',
          scheme: 'http',
        },
      ],
      [
        'dns+a://API.Example.com:9000/',
        {
          type: 'dns+a',
          host: 'api.example.com',
          port: 9000,
          path: '/-/exceptions',
          scheme: 'http',
        },
      ],
      [
        'dns+a://api:1/custom/path?x=1',
        {
          type: 'dns+a',
          host: 'api',
          port: 1,
          path: '/custom/path?x=1',
          scheme: 'http',
        },
      ],
      [
        'dns+a://api.example.com.:65535/e',
        {
          type: 'dns+a',
          host: 'api.example.com.',
          port: 65535,
          path: '/e',
          scheme: 'http',
        },
      ],
      [
        'DNS+A://api:8080',
        {
          type: 'dns+a',
          host: 'api',
          port: 8080,
          path: '/-/exceptions',
          scheme: 'http',
        },
      ],
    ])('%s', (entry, target) => {
      expect(targetsOf(entry)).toEqual([target]);
    });

    it('requires a port', () => {
      expect(errorsOf('dns+a://api.example.com/e')).toEqual([
        '"dns+a://api.example.com/e" has no port: dns+a targets need one, e.g. dns+a://api.example.com:8080',
      ]);
      expect(errorsOf('dns+a://api')).toHaveLength(1);
    });

    it.each([
      'dns+a://[::1]:8080',
      'dns+a://bad_host!:8080',
      'dns+a://-leading.dash:8080',
      'dns+a://a..b:8080',
      `dns+a://${'a'.repeat(64)}.example:8080`,
    ])('rejects the invalid DNS name in %s', entry => {
      const [error] = errorsOf(entry);
      expect(error).toMatch(/has an invalid (DNS name|host)/);
    });
  });

  describe('dns+srv', () => {
    it.each<[string, TargetSpec]>([
      [
        'dns+srv://_http._tcp.api.prod.svc.cluster.local',
        {
          type: 'dns+srv',
          name: '_http._tcp.api.prod.svc.cluster.local',
          path: '/-/exceptions',
          scheme: 'http',
        },
      ],
      [
        'dns+srv://_periskop._tcp.Example.com/metrics/errors',
        {
          type: 'dns+srv',
          name: '_periskop._tcp.example.com',
          path: '/metrics/errors',
          scheme: 'http',
        },
      ],
      [
        // Consul answers SRV queries for names without underscores.
        'dns+srv://api.service.consul/',
        {
          type: 'dns+srv',
          name: 'api.service.consul',
          path: '/-/exceptions',
          scheme: 'http',
        },
      ],
    ])('%s', (entry, target) => {
      expect(targetsOf(entry)).toEqual([target]);
    });

    it('rejects a port, which comes from the SRV records', () => {
      expect(errorsOf('dns+srv://_http._tcp.api:8080')).toEqual([
        '"dns+srv://_http._tcp.api:8080" has a port: dns+srv targets take the port from the SRV records',
      ]);
    });
  });

  describe('lists', () => {
    it('splits on commas, trims whitespace and ignores empty entries', () => {
      expect(
        targetsOf('  http://a:1 ,\n dns+a://b:2/x,, ,dns+srv://_h._tcp.c ,\t'),
      ).toEqual([
        { type: 'http', url: 'http://a:1/-/exceptions' },
        { type: 'dns+a', host: 'b', port: 2, path: '/x', scheme: 'http' },
        {
          type: 'dns+srv',
          name: '_h._tcp.c',
          path: '/-/exceptions',
          scheme: 'http',
        },
      ]);
    });

    it('returns nothing for an empty or blank value', () => {
      expect(parseTargetsAnnotation('')).toEqual({
        targets: [],
        errors: [],
        omitted: [],
      });
      expect(parseTargetsAnnotation(' , ,\n')).toEqual({
        targets: [],
        errors: [],
        omitted: [],
      });
    });

    it('removes duplicates, also when they differ only in normalisation', () => {
      expect(
        targetsOf(
          'http://a:1, http://A:1/, http://a:1/-/exceptions, dns+a://x:2, dns+a://X:2/-/exceptions, dns+srv://_h._tcp.s, dns+srv://_H._tcp.S/',
        ),
      ).toEqual([
        { type: 'http', url: 'http://a:1/-/exceptions' },
        {
          type: 'dns+a',
          host: 'x',
          port: 2,
          path: '/-/exceptions',
          scheme: 'http',
        },
        {
          type: 'dns+srv',
          name: '_h._tcp.s',
          path: '/-/exceptions',
          scheme: 'http',
        },
      ]);
    });

    it('keeps the valid entries and reports each invalid one', () => {
      const result = parseTargetsAnnotation(
        'http://ok:1, ftp://x, dns+a://noport, https://also-ok',
      );
      expect(result.targets).toEqual([
        { type: 'http', url: 'http://ok:1/-/exceptions' },
        { type: 'http', url: 'https://also-ok/-/exceptions' },
      ]);
      expect(result.errors).toEqual([
        `"ftp://x" ${UNSUPPORTED}`,
        '"dns+a://noport" has no port: dns+a targets need one, e.g. dns+a://noport:8080',
      ]);
    });
  });

  describe('invalid entries', () => {
    it.each([
      ['ftp://x', `"ftp://x" ${UNSUPPORTED}`],
      ['file:///etc/passwd', `"file:///etc/passwd" ${UNSUPPORTED}`],
      ['dns://x:1', `"dns://x:1" ${UNSUPPORTED}`],
      ['dns+aaaa://x:1', `"dns+aaaa://x:1" ${UNSUPPORTED}`],
      ['api:8080', `"api:8080" ${UNSUPPORTED}`],
      ['api.example.com', `"api.example.com" ${UNSUPPORTED}`],
      ['/-/exceptions', `"/-/exceptions" ${UNSUPPORTED}`],
      ['http:api', `"http:api" ${UNSUPPORTED}`],
      ['http:/api', `"http:/api" ${UNSUPPORTED}`],
      // eslint-disable-next-line no-script-url
      ['javascript://alert(1)', `"javascript://alert(1)" ${UNSUPPORTED}`],
      ['http://', '"http://" has no host'],
      ['http:///path', '"http:///path" has no host'],
      ['http://:8080/x', '"http://:8080/x" has no host'],
      ['dns+a://:8080', '"dns+a://:8080" has no host'],
      ['dns+srv:///x', '"dns+srv:///x" has no host'],
      [
        'http://user:secret@api:8080/e',
        '"http://***@api:8080/e" contains credentials (user:password@): they are not allowed in targets',
      ],
      [
        'http://token@api',
        '"http://***@api" contains credentials (user:password@): they are not allowed in targets',
      ],
      [
        'dns+a://u:p@api:1',
        '"dns+a://***@api:1" contains credentials (user:password@): they are not allowed in targets',
      ],
      [
        'http://api:0',
        '"http://api:0" has an invalid port "0": use 1 to 65535',
      ],
      [
        'http://api:65536',
        '"http://api:65536" has an invalid port "65536": use 1 to 65535',
      ],
      [
        'http://api:99999999',
        '"http://api:99999999" has an invalid port "99999999": use 1 to 65535',
      ],
      [
        'http://api:-1',
        '"http://api:-1" has an invalid port "-1": use 1 to 65535',
      ],
      [
        'http://api:http',
        '"http://api:http" has an invalid port "http": use 1 to 65535',
      ],
      [
        'dns+a://api:0x50',
        '"dns+a://api:0x50" has an invalid port "0x50": use 1 to 65535',
      ],
      [
        'http://[::1]:70000',
        '"http://[::1]:70000" has an invalid port "70000": use 1 to 65535',
      ],
      [
        'http://api:8080/e#frag',
        '"http://api:8080/e#frag" has a fragment (#...): remove it, fragments are never sent to the server',
      ],
      [
        'http://api#',
        '"http://api#" has a fragment (#...): remove it, fragments are never sent to the server',
      ],
      [
        'http://a:1 http://b:2',
        '"http://a:1 http://b:2" contains whitespace: separate targets with commas',
      ],
      [
        'http://::1:8080',
        '"http://::1:8080" has an invalid host: put IPv6 addresses in brackets, e.g. http://[::1]:8080',
      ],
      [
        'http://[::1',
        '"http://[::1" has an invalid host: put IPv6 addresses in brackets, e.g. http://[::1]:8080',
      ],
      ['http://a%zz:1', '"http://a%zz:1" is not a valid URL'],
    ])('%s', (entry, error) => {
      expect(errorsOf(entry)).toEqual([error]);
    });

    it('does not echo passwords', () => {
      const { errors } = parseTargetsAnnotation('https://admin:hunter2@api/e');
      expect(errors).toHaveLength(1);
      expect(errors[0]).not.toContain('hunter2');
      expect(errors[0]).not.toContain('admin');
    });

    it('shortens absurdly long entries in messages', () => {
      const [error] = errorsOf(`ftp://${'x'.repeat(10000)}`);
      expect(error.length).toBeLessThan(400);
    });

    it('does not throw on odd input types', () => {
      expect(parseTargetsAnnotation(42 as unknown as string)).toEqual({
        targets: [],
        errors: ['the periskop.io/targets annotation must be a string'],
        omitted: [],
      });
    });
  });

  describe('the limit on entries', () => {
    const entries = (count: number) =>
      Array.from({ length: count }, (_, i) => `http://api-${i}:8080`);

    it('keeps DEFAULT_MAX_TARGET_ENTRIES (32) distinct targets by default', () => {
      expect(DEFAULT_MAX_TARGET_ENTRIES).toBe(32);
      const exact = parseTargetsAnnotation(entries(32).join(','));
      expect(exact.targets).toHaveLength(32);
      expect(exact.errors).toEqual([]);
      expect(exact.omitted).toEqual([]);

      const over = parseTargetsAnnotation(entries(40).join(','));
      expect(over.targets.map(t => t.type === 'http' && t.url)).toEqual(
        entries(32).map(e => `${e}/-/exceptions`),
      );
      expect(over.omitted).toHaveLength(8);
      expect(over.omitted[0]).toEqual({
        type: 'http',
        url: 'http://api-32:8080/-/exceptions',
      });
      expect(over.errors).toEqual([
        'the annotation lists 40 targets, more than the limit of 32: "http://api-32:8080/-/exceptions" and every target after it (8 in all) are left out',
      ]);
    });

    it('counts distinct valid targets only, and takes another limit', () => {
      const parsed = parseTargetsAnnotation(
        'http://a:1, ftp://x, http://A:1/, dns+a://b:2, dns+srv://_h._tcp.c, http://d:4',
        { maxEntries: 2 },
      );
      expect(parsed.targets).toHaveLength(2);
      expect(parsed.omitted).toEqual([
        {
          type: 'dns+srv',
          name: '_h._tcp.c',
          path: '/-/exceptions',
          scheme: 'http',
        },
        { type: 'http', url: 'http://d:4/-/exceptions' },
      ]);
      expect(parsed.errors).toHaveLength(2);
      expect(parsed.errors[1]).toBe(
        'the annotation lists 4 targets, more than the limit of 2: "dns+srv://_h._tcp.c/-/exceptions" and every target after it (2 in all) are left out',
      );
    });
  });
});

import type { Entity } from '@backstage/catalog-model';
import { parseTargetsAnnotation } from '@periskop-backstage/plugin-periskop-common';
import {
  findBlockingAnnotationProblems,
  hasNoUsableTarget,
} from './findBlockingAnnotationProblems';

function entity(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'api-search', annotations },
    spec: {},
  };
}

const entries = (count: number) =>
  Array.from({ length: count }, (_, i) => `http://api-${i}:8080`).join(',');

describe('hasNoUsableTarget', () => {
  it.each([
    ['every entry is valid', 'http://a:1, dns+a://b:2, dns+srv://_h._tcp.c'],
    ['one bad entry beside a good one', 'http://a:1, ftp://b'],
    ['a good entry after bad ones', 'ftp://a, dns+a://noport, http://c:3'],
    ['an empty value', ''],
    ['a blank value', ' , ,\n'],
    ['more entries than the default limit', entries(40)],
  ])('is false when %s', (_, value) => {
    expect(hasNoUsableTarget(parseTargetsAnnotation(value))).toBe(false);
  });

  it.each([
    ['the only entry is invalid', 'dns+a://search.internal'],
    ['every entry is invalid', 'ftp://a, http://:8080, dns+srv://_h._tcp.c:1'],
    [
      'entries are separated by spaces instead of commas',
      'http://a:1/-/exceptions http://b:2/-/exceptions',
    ],
    ['the scheme lacks its colon', 'http//a:1/-/exceptions'],
  ])('is true when %s', (_, value) => {
    expect(hasNoUsableTarget(parseTargetsAnnotation(value))).toBe(true);
  });

  it('is false for valid entries past any limit, also a limit of zero', () => {
    // the limit leaves out valid entries, it never makes them invalid
    const parsed = parseTargetsAnnotation('http://a:1, http://b:2', {
      maxEntries: 0,
    });
    expect(parsed.targets).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(hasNoUsableTarget(parsed)).toBe(false);
  });

  it('is true for a value that is not a string', () => {
    expect(
      hasNoUsableTarget(parseTargetsAnnotation(42 as unknown as string)),
    ).toBe(true);
  });
});

describe('findBlockingAnnotationProblems', () => {
  it('finds nothing without Periskop annotations', () => {
    expect(findBlockingAnnotationProblems(entity())).toEqual([]);
    expect(
      findBlockingAnnotationProblems(
        entity({ 'backstage.io/techdocs-ref': 'dir:.' }),
      ),
    ).toEqual([]);
  });

  it('finds nothing for valid annotations', () => {
    expect(
      findBlockingAnnotationProblems(
        entity({
          'periskop.io/targets': 'http://a:1, dns+a://b:2',
          'periskop.io/service-name': 'search',
        }),
      ),
    ).toEqual([]);
  });

  it('finds nothing for problems that leave something to scrape', () => {
    expect(
      findBlockingAnnotationProblems(
        entity({ 'periskop.io/targets': `ftp://x, ${entries(40)}` }),
      ),
    ).toEqual([]);
  });

  it('finds nothing for blank values, which mean "not set"', () => {
    expect(
      findBlockingAnnotationProblems(
        entity({ 'periskop.io/targets': ' ', 'periskop.io/service-name': ' ' }),
      ),
    ).toEqual([]);
  });

  it('quotes every problem of a targets annotation without a valid target', () => {
    expect(
      findBlockingAnnotationProblems(
        entity({
          'periskop.io/targets': 'dns+a://search.internal, ftp://x',
        }),
      ),
    ).toEqual([
      'periskop.io/targets has no valid target, so Periskop cannot scrape this entity: "dns+a://search.internal" has no port: dns+a targets need one, e.g. dns+a://search.internal:8080; "ftp://x" is not a supported target: use http(s)://, dns+a:// or dns+srv://',
    ]);
  });

  it('finds a service name too long to be used', () => {
    expect(
      findBlockingAnnotationProblems(
        entity({ 'periskop.io/service-name': ` ${'s'.repeat(256)} ` }),
      ),
    ).toEqual([
      'periskop.io/service-name is 256 characters long, more than the 255 a service name may have',
    ]);
    expect(
      findBlockingAnnotationProblems(
        entity({ 'periskop.io/service-name': 's'.repeat(255) }),
      ),
    ).toEqual([]);
  });

  it('finds both problems at once', () => {
    expect(
      findBlockingAnnotationProblems(
        entity({
          'periskop.io/targets': 'ftp://x',
          'periskop.io/service-name': 's'.repeat(300),
        }),
      ),
    ).toHaveLength(2);
  });
});

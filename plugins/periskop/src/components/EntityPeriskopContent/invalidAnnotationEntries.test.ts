import { invalidAnnotationEntries } from './invalidAnnotationEntries';

describe('invalidAnnotationEntries', () => {
  it('names each invalid entry beside the valid ones', () => {
    expect(
      invalidAnnotationEntries('http://a:1, http//b:2, dns+a://c, http://d:4'),
    ).toEqual([
      '"http//b:2" is not a supported target: use http(s)://, dns+a:// or dns+srv://',
      '"dns+a://c" has no port: dns+a targets need one, e.g. dns+a://c:8080',
    ]);
  });

  it('finds nothing in a valid annotation, however many entries it has', () => {
    const many = Array.from({ length: 100 }, (_, i) => `http://api-${i}:1`);
    expect(invalidAnnotationEntries(many.join(','))).toEqual([]);
    expect(invalidAnnotationEntries('')).toEqual([]);
  });
});

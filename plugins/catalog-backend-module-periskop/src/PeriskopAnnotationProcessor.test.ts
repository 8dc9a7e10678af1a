import type { Entity } from '@backstage/catalog-model';
import type {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { PeriskopAnnotationProcessor } from './PeriskopAnnotationProcessor';

const location: LocationSpec = {
  type: 'url',
  target: 'https://git.example.com/shop/search/blob/main/catalog-info.yaml',
};

function entity(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'api-search', annotations },
    spec: { type: 'service', owner: 'team-content', lifecycle: 'production' },
  };
}

/** Runs the post-processing step and returns the entity and what was emitted. */
async function postProcess(input: Entity) {
  const emitted: CatalogProcessorResult[] = [];
  const output = await new PeriskopAnnotationProcessor().postProcessEntity(
    input,
    location,
    result => emitted.push(result),
  );
  return { output, emitted };
}

describe('PeriskopAnnotationProcessor', () => {
  it('has a name', () => {
    expect(new PeriskopAnnotationProcessor().getProcessorName()).toBe(
      'PeriskopAnnotationProcessor',
    );
  });

  it.each<[string, Record<string, string> | undefined]>([
    ['no annotation', undefined],
    ['valid targets', { 'periskop.io/targets': 'http://a:1, dns+a://b:2' }],
    [
      'one bad entry among good ones',
      { 'periskop.io/targets': 'http://a:1, http//b:2, dns+a://c:3' },
    ],
    [
      'more targets than the limit on entries',
      {
        'periskop.io/targets': Array.from(
          { length: 40 },
          (_, i) => `http://api-${i}:8080`,
        ).join(','),
      },
    ],
    ['only a valid service name', { 'periskop.io/service-name': 'search' }],
  ])('passes the entity unchanged, emitting nothing, with %s', async (_, a) => {
    const input = entity(a);
    const { output, emitted } = await postProcess(input);
    expect(output).toBe(input);
    expect(output).toEqual(entity(a));
    expect(emitted).toEqual([]);
  });

  it('emits an input error when no entry is a valid target', async () => {
    const annotations = {
      'periskop.io/targets':
        'http://127.0.0.1:9131/-/exceptions http://127.0.0.1:9132/-/exceptions',
    };
    const { output, emitted } = await postProcess(entity(annotations));
    expect(output).toEqual(entity(annotations));
    expect(emitted).toHaveLength(1);
    const [result] = emitted;
    expect(result.type).toBe('error');
    if (result.type !== 'error') throw new Error('not an error');
    expect(result.location).toBe(location);
    expect(result.error.name).toBe('InputError');
    expect(result.error.message).toBe(
      'periskop.io/targets has no valid target, so Periskop cannot scrape this entity: "http://127.0.0.1:9131/-/exceptions http://127.0.0.1:9132/-/exceptions" contains whitespace: separate targets with commas',
    );
  });

  it('emits an input error for a service name too long to be used', async () => {
    const { emitted } = await postProcess(
      entity({
        'periskop.io/targets': 'http://a:1',
        'periskop.io/service-name': 'x'.repeat(256),
      }),
    );
    expect(emitted).toHaveLength(1);
    const [result] = emitted;
    if (result.type !== 'error') throw new Error('not an error');
    expect(result.error.name).toBe('InputError');
    expect(result.error.message).toMatch(
      /^periskop\.io\/service-name is 256 characters long/,
    );
  });

  it('emits one input error per unusable annotation', async () => {
    const { emitted } = await postProcess(
      entity({
        'periskop.io/targets': 'ftp://x',
        'periskop.io/service-name': 'x'.repeat(256),
      }),
    );
    expect(emitted.map(r => r.type)).toEqual(['error', 'error']);
  });
});

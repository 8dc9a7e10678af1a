import type { Entity } from '@backstage/catalog-model';
import { startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  type CatalogProcessor,
  type CatalogProcessorResult,
} from '@backstage/plugin-catalog-node';
import catalogModulePeriskop from './index';
import { PeriskopAnnotationProcessor } from './PeriskopAnnotationProcessor';

describe('catalogModulePeriskop', () => {
  it('adds the annotation processor to the catalog', async () => {
    const addProcessor = jest.fn();
    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, { addProcessor }]],
      features: [catalogModulePeriskop],
    });

    expect(addProcessor).toHaveBeenCalledTimes(1);
    const [processor] = addProcessor.mock.calls[0] as [CatalogProcessor];
    expect(processor).toBeInstanceOf(PeriskopAnnotationProcessor);

    // the registered processor is the working one
    const broken: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'api-search',
        annotations: { 'periskop.io/targets': 'http//search:8080' },
      },
    };
    const emitted: CatalogProcessorResult[] = [];
    await processor.postProcessEntity!(
      broken,
      { type: 'file', target: 'catalog-info.yaml' },
      result => emitted.push(result),
      {} as never,
    );
    expect(emitted).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({ name: 'InputError' }),
      }),
    ]);
  });
});

import { Entity } from '@backstage/catalog-model';

/**
 * A Component owned by `group:default/<owner>`, with the Periskop targets
 * annotation when `targets` is given.
 */
export function componentEntity(
  name: string,
  options: { targets?: string; owner?: string; title?: string } = {},
): Entity {
  const owner = options.owner ?? 'team-a';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
      annotations: options.targets
        ? { 'periskop.io/targets': options.targets }
        : {},
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

import { Entity } from '@backstage/catalog-model';
import {
  PERISKOP_SERVICE_NAME_ANNOTATION,
  PERISKOP_TARGETS_ANNOTATION,
} from '@periskop-backstage/plugin-periskop-common';

/**
 * A Component owned by `group:default/<owner>`, with the Periskop targets
 * and service-name annotations when given, plus any other `annotations`.
 */
export function componentEntity(
  name: string,
  options: {
    targets?: string;
    serviceName?: string;
    annotations?: Record<string, string>;
    owner?: string;
    title?: string;
  } = {},
): Entity {
  const owner = options.owner ?? 'team-a';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
      annotations: {
        ...(options.targets
          ? { [PERISKOP_TARGETS_ANNOTATION]: options.targets }
          : {}),
        ...(options.serviceName
          ? { [PERISKOP_SERVICE_NAME_ANNOTATION]: options.serviceName }
          : {}),
        ...options.annotations,
      },
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

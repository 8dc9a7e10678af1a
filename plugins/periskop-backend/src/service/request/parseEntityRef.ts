import { stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { parseRequest } from './parseRequest';

const entityPathSchema = z.object({
  namespace: z.string().min(1).max(253),
  kind: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

/** The entity ref named by the `:namespace/:kind/:name` path parameters. */
export function parseEntityRef(params: unknown): string {
  return stringifyEntityRef(
    parseRequest(entityPathSchema, params, 'path parameter'),
  );
}

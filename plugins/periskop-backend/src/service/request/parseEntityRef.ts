import { stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import { parseRequest } from './parseRequest';

/** One part of a ref: the separators of a ref would make it another entity's. */
const refPart = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(253, { message: 'must be at most 253 characters' })
  .regex(/^[^:/]*$/, { message: 'must not contain ":" or "/"' });

const entityPathSchema = z.object({
  namespace: refPart,
  kind: refPart,
  name: refPart,
});

/** The entity ref named by the `:namespace/:kind/:name` path parameters. */
export function parseEntityRef(params: unknown): string {
  return stringifyEntityRef(
    parseRequest(entityPathSchema, params, 'path parameter'),
  );
}

import { z } from 'zod';
import { parseRequest } from './parseRequest';

/** `:id` of an error group: a positive integer that fits a BIGINT and a JS number. */
const errorIdSchema = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, { message: 'must be a positive whole number' })
    .transform(Number),
});

/** The error group id of an `/errors/:id…` path. */
export function parseErrorId(params: unknown): number {
  return parseRequest(errorIdSchema, params, 'path parameter').id;
}

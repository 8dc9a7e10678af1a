import { z } from 'zod';
import { parseRequest } from './parseRequest';

const noQuerySchema = z.object({}).strict();

/** Routes that take no query parameters reject unknown ones. */
export function parseNoQuery(query: unknown): void {
  parseRequest(noQuerySchema, query, 'query parameter');
}

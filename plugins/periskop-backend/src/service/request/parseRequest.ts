import { InputError } from '@backstage/errors';
import { z } from 'zod';

/**
 * Validates request input against a schema. A failure is an `InputError`
 * (400) whose message names the offending parameter and says what it must
 * be, e.g. `Invalid query parameter "limit": must be at most 500`.
 */
export function parseRequest<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: 'query parameter' | 'path parameter' | 'body',
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0];
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    throw new InputError(
      `Unknown ${what}${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .map(key => `"${key}"`)
        .join(', ')}`,
    );
  }
  const name = issue.path.filter(p => typeof p === 'string')[0];
  const message =
    issue.code === z.ZodIssueCode.invalid_enum_value
      ? `must be one of ${issue.options.map(o => `"${o}"`).join(', ')}`
      : issue.message;
  throw new InputError(
    name
      ? `Invalid ${what} "${name}": ${message}`
      : `Invalid ${what}: ${message}`,
  );
}

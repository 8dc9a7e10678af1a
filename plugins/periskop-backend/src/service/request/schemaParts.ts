import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { MAX_SEARCH_LENGTH } from '@periskop-backstage/plugin-periskop-common';
import { z } from 'zod';

/*
 * The pieces every request schema is built from. Query values arrive as
 * strings (or arrays of strings when repeated), so each piece parses text.
 */

/** A query value given once; `?a=1&a=2` is rejected rather than guessed. */
export const single = <T extends z.ZodTypeAny>(schema: T) =>
  z.string({ invalid_type_error: 'must be given once' }).pipe(schema);

/** A query value that may be given several times (`?a=1&a=2`). */
export const repeatable = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    value => (typeof value === 'string' ? [value] : value),
    z.array(item, { invalid_type_error: 'must be a list of values' }),
  );

/** One of a declared value list, e.g. `oneOf(ERROR_SORT_FIELDS)`. */
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  single(z.enum(values as unknown as [T[number], ...T[number][]]));

/** An ISO-8601 date-time, as epoch milliseconds. */
export const isoTime = single(
  z
    .string()
    .refine(
      value => /^\d{4}-\d{2}-\d{2}T/.test(value) && !isNaN(Date.parse(value)),
      {
        message: 'must be an ISO-8601 date-time such as 2026-11-21T10:00:00Z',
      },
    )
    .transform(value => Date.parse(value)),
);

/** A whole number from `min` to `max`. */
export const integer = (min: number, max: number) =>
  single(
    z
      .string()
      .regex(/^\d+$/, { message: 'must be a whole number' })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(min, { message: `must be at least ${min}` })
          .max(max, { message: `must be at most ${max}` }),
      ),
  );

/** Text to search for. */
export const searchText = single(
  z.string().max(MAX_SEARCH_LENGTH, {
    message: `must be at most ${MAX_SEARCH_LENGTH} characters`,
  }),
);

/** `true` or `false`. */
export const flag = single(z.enum(['true', 'false'])).transform(
  value => value === 'true',
);

/** Refinement of schemas with `from` and `to`: `from` must come first. */
export function fromBeforeTo<T extends { from?: number; to?: number }>(
  value: T,
  ctx: z.RefinementCtx,
) {
  if (
    value.from !== undefined &&
    value.to !== undefined &&
    value.from >= value.to
  ) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['from'],
      message: 'must be before "to"',
    });
  }
}

/**
 * An entity ref such as `group:default/team-a`, normalised; a bare name
 * takes `defaultKind` and the default namespace.
 */
export const entityRef = (defaultKind: string) =>
  z.string().transform((value, ctx) => {
    try {
      return stringifyEntityRef(parseEntityRef(value, { defaultKind }));
    } catch {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must be an entity ref such as ${defaultKind}:default/name`,
      });
      return z.NEVER;
    }
  });

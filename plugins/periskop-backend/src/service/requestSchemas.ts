import { z } from 'zod';

const MAX_LIMIT = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A query value given once; `?a=1&a=2` is rejected rather than guessed. */
const single = <T extends z.ZodTypeAny>(schema: T) =>
  z.string({ invalid_type_error: 'must be given once' }).pipe(schema);

const isoTime = single(
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

const integer = (min: number, max: number) =>
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

const severities = z.enum(['error', 'warning', 'info']);

/** A query value that may be given several times (`?a=1&a=2`). */
const repeatable = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    value => (typeof value === 'string' ? [value] : value),
    z.array(item, { invalid_type_error: 'must be a list of values' }),
  );

const searchText = single(
  z.string().max(500, { message: 'must be at most 500 characters' }),
);

function withWindow<T extends { from?: number; to?: number }>(
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

/** `GET /entities/:namespace/:kind/:name/errors` */
export const errorListQuerySchema = z
  .object({
    query: searchText.optional(),
    severity: repeatable(severities).optional(),
    status: single(z.enum(['open', 'resolved', 'all'])).default('open'),
    from: isoTime.optional(),
    to: isoTime.optional(),
    sort: single(z.enum(['lastSeen', 'totalCount', 'firstSeen'])).default(
      'lastSeen',
    ),
    order: single(z.enum(['asc', 'desc'])).default('desc'),
    limit: integer(1, MAX_LIMIT).default('25'),
    offset: integer(0, 1_000_000).default('0'),
    sparkline: single(z.enum(['true', 'false']))
      .transform(value => value === 'true')
      .default('false'),
  })
  .strict()
  .superRefine(withWindow);

/** `GET /errors/:id/occurrences` */
export const occurrencesQuerySchema = z
  .object({
    from: isoTime.optional(),
    to: isoTime.optional(),
    /** Seconds per point. */
    step: integer(60, 31 * 24 * 60 * 60).optional(),
  })
  .strict()
  .superRefine(withWindow);

/** `GET /overview` */
export const overviewQuerySchema = z
  .object({
    owner: repeatable(
      z.string().min(1, { message: 'must not be empty' }),
    ).optional(),
    query: searchText.optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    sort: single(
      z.enum([
        'entityRef',
        'title',
        'owner',
        'openErrors',
        'newErrors',
        'regressedErrors',
        'occurrences',
        'targetsUp',
      ]),
    ).default('openErrors'),
    order: single(z.enum(['asc', 'desc'])).default('desc'),
  })
  .strict()
  .superRefine(withWindow);

/** `:id` of an error group: a positive integer. */
export const errorIdSchema = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, { message: 'must be a positive whole number' })
  .transform(Number);

/** The parts of an entity ref in a path. */
export const entityPathSchema = z.object({
  namespace: z.string().min(1).max(253),
  kind: z.string().min(1).max(253),
  name: z.string().min(1).max(253),
});

/** Defaults of time windows: the last 24 hours. */
export const DEFAULT_WINDOW_MS = DAY_MS;

/** Most points one occurrences request may ask for. */
export const MAX_POINTS = 10_000;

/** Routes that take no query parameters reject unknown ones. */
export const noQuerySchema = z.object({}).strict();

import { CustomErrorBase } from '@backstage/errors';

/**
 * Errors for the statuses that `@backstage/errors` has no class for; the
 * backend's error handler answers with their `statusCode`.
 */

/** 413: a request body over the limit. */
export class PayloadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
}

/** 429: too many requests; `retryAfterSeconds` goes into `Retry-After`. */
export class TooManyRequestsError extends CustomErrorBase {
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

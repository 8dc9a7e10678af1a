/**
 * The custom error classes that the demo services throw. Each sets `name`
 * explicitly, so the class shown in Periskop does not depend on how the code
 * was compiled.
 */

/** api-auth: an access token whose `exp` claim lies in the past. */
export class TokenExpiredError extends Error {
  readonly expiredAt: Date;

  constructor(expiredAt: Date, now: Date) {
    const ago = Math.round((now.getTime() - expiredAt.getTime()) / 1000);
    super(`jwt expired at ${expiredAt.toISOString()} (${ago}s ago)`);
    this.name = 'TokenExpiredError';
    this.expiredAt = expiredAt;
  }
}

/** api-auth: a session cookie in the pre-migration (v1) format. */
export class LegacySessionFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LegacySessionFormatError';
  }
}

/** api-auth: too many failed logins for one account. */
export class LoginThrottledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoginThrottledError';
  }
}

/** api-auth: not a failure; an event worth seeing next to the errors. */
export class SigningKeyRotatedEvent extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyRotatedEvent';
  }
}

/** api-feeds: an upstream call that did not answer within its deadline. */
export class UpstreamTimeoutError extends Error {
  readonly upstream: string;
  readonly deadlineMs: number;

  constructor(upstream: string, deadlineMs: number, elapsedMs: number) {
    super(
      `${upstream} did not respond within ${deadlineMs}ms (gave up after ${elapsedMs}ms)`,
    );
    this.name = 'UpstreamTimeoutError';
    this.upstream = upstream;
    this.deadlineMs = deadlineMs;
  }
}

/** api-feeds: an upstream answered 429 Too Many Requests. */
export class UpstreamRateLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamRateLimitError';
  }
}

/** api-feeds: a feed document that could not be decoded. */
export class FeedDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedDecodeError';
  }
}

/** api-feeds: content that must not be published (e.g. markup in a title). */
export class UnsafeContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeContentError';
  }
}

/** api-feeds and payments: a client sent an invalid request. */
export class ValidationError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'ValidationError';
    this.field = field;
  }
}

/** payments: the card network refused the authorisation. */
export class CardNetworkError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'CardNetworkError';
    this.code = code;
  }
}

/** payments: the payment provider returned an error. */
export class PaymentProviderError extends Error {
  readonly status: number;

  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PaymentProviderError';
    this.status = status;
  }
}

/** payments: a charge was declined; the top of a three-level cause chain. */
export class PaymentDeclinedError extends Error {
  readonly chargeId: string;

  constructor(
    chargeId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PaymentDeclinedError';
    this.chargeId = chargeId;
  }
}

/** payments: an incoming webhook whose signature does not match. */
export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
  }
}

/** payments: not a failure; a request replayed with an idempotency key. */
export class IdempotentReplayNotice extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdempotentReplayNotice';
  }
}

/** nightly-import: a row of a supplier's CSV file that cannot be imported. */
export class CsvRowError extends Error {
  readonly file: string;
  readonly row: number;

  constructor(file: string, row: number, problem: string) {
    super(`${file} row ${row}: ${problem}`);
    this.name = 'CsvRowError';
    this.file = file;
    this.row = row;
  }
}

/** nightly-import: a row whose SKU an earlier row of the same file already had. */
export class DuplicateRowSkipped extends Error {
  readonly sku: string;

  constructor(message: string, sku: string) {
    super(message);
    this.name = 'DuplicateRowSkipped';
    this.sku = sku;
  }
}

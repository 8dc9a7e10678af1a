import type { DemoSeverity } from './types';

/**
 * Where every demo instance throws an error of a class named in the
 * request, so that a demo (or a browser test) can make a service report an
 * error that was never seen before: `POST /-/throw?class=CartLockError`,
 * optionally with `&message=...&severity=warning`.
 */
export const THROW_PATH = '/-/throw';

const SEVERITIES: readonly DemoSeverity[] = ['error', 'warning', 'info'];
const CLASS_NAME = /^[A-Za-z_$][\w$.]{0,99}$/;
const MAX_MESSAGE_LENGTH = 500;

/** What to throw, or why the request cannot say. */
export type ErrorRequest =
  | { ok: true; errorClass: string; message: string; severity: DemoSeverity }
  | { ok: false; reason: string };

/** Reads the query of a request to {@link THROW_PATH}. */
export function readErrorRequest(query: URLSearchParams): ErrorRequest {
  const errorClass = query.get('class') ?? '';
  if (!CLASS_NAME.test(errorClass)) {
    return {
      ok: false,
      reason:
        'class must be a class name (letters, digits, _, $ and dots, at most 100 characters)',
    };
  }
  const message =
    query.get('message') ?? `${errorClass} thrown on request (demo)`;
  if (message.length > MAX_MESSAGE_LENGTH) {
    return {
      ok: false,
      reason: `message must be at most ${MAX_MESSAGE_LENGTH} characters`,
    };
  }
  const severity = query.get('severity') ?? 'error';
  const known = SEVERITIES.find(s => s === severity);
  if (!known) {
    return {
      ok: false,
      reason: `severity must be one of ${SEVERITIES.join(', ')}`,
    };
  }
  return { ok: true, errorClass, message, severity: known };
}

/**
 * An error of the requested class, thrown and caught, as a handler would
 * before its error middleware reports it (so it has a real stack).
 */
export function throwRequested(errorClass: string, message: string): Error {
  try {
    const error = new Error(message);
    error.name = errorClass;
    throw error;
  } catch (error) {
    return error as Error;
  }
}

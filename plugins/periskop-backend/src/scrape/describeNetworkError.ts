import { formatHostPort } from '../discovery/hostNames';
import { POLICY_BLOCKED_CODE } from '../discovery/policyLookup';
import { formatDuration } from './formatDuration';
import { oneLine, truncate } from './reasonText';

/** The fields Node and undici put on network errors. */
interface NetError extends Error {
  code?: string;
  address?: string;
  port?: number;
  hostname?: string;
  reason?: string;
  errors?: unknown[];
}

function errorCode(error: unknown): string | undefined {
  const code = (error as NetError | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True for a connection closed or reset before anything was answered: what a
 * keep-alive socket closed by the server at the moment we reuse it looks like.
 */
export function isStaleSocket(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}

/** OpenSSL certificate verification codes, as Node reports them. */
const TLS_VERIFY_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'HOSTNAME_MISMATCH',
  'INVALID_CA',
]);

/**
 * Turns a network error into a short sentence for the target's health.
 * Errors without a known code (notably the outbound policy's refusal from
 * the lookup hook) keep their own message.
 *
 * @param timeoutMs - the fetch timeout, named when undici's own timers fire
 */
export function describeNetworkError(
  error: unknown,
  target: URL,
  timeoutMs: number,
): string {
  const err = (error ?? {}) as NetError;
  const code = errorCode(err) ?? '';
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (${endpoints(err, target)})`;
    case 'ENOTFOUND':
      return `host not found: ${err.hostname ?? target.hostname}`;
    case 'EAI_AGAIN':
      return `DNS lookup failed (try again later): ${
        err.hostname ?? target.hostname
      }`;
    case 'ECONNRESET':
      return 'connection reset';
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return 'connection closed by the server';
    case 'ETIMEDOUT':
      return `connection timed out (${endpoints(err, target)})`;
    case 'EHOSTUNREACH':
      return `host unreachable (${endpoints(err, target)})`;
    case 'ENETUNREACH':
      return `network unreachable (${endpoints(err, target)})`;
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `timed out after ${formatDuration(timeoutMs)}`;
    case 'UND_ERR_HEADERS_OVERFLOW':
      return 'response headers too large';
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      return 'fetcher closed';
    default:
  }
  if (code.startsWith('HPE_') || err.name === 'HTTPParserError') {
    return `invalid HTTP response: ${shortReason(err, code)}`;
  }
  if (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    TLS_VERIFY_CODES.has(code)
  ) {
    return `TLS error: ${tlsReason(err, code)}`;
  }
  // Several addresses tried (happy eyeballs) and all failed the same way.
  if (Array.isArray(err.errors) && err.errors.length > 0) {
    const first = describeNetworkError(err.errors[0], target, timeoutMs);
    if (code && errorCode(err.errors[0]) === code) {
      return first.replace(/\(.*\)$/, `(${endpoints(err, target)})`);
    }
    return first;
  }
  // Our own refusal says why in its message. Any other message may quote
  // what the server sent, so only the code is told.
  if (code === POLICY_BLOCKED_CODE && err.message) {
    return truncate(oneLine(err.message), 300);
  }
  return code ? `request failed (${code})` : 'request failed';
}

/**
 * A TLS failure in words that hold nothing the server sent: a certificate
 * that names other hosts is not quoted (its names would map internal hosts
 * for whoever points an annotation at an address), a verification failure
 * is named by its code, and OpenSSL's `reason` is one of its fixed phrases
 * ("wrong version number"; its `message` carries its error stack).
 */
function tlsReason(err: NetError, code: string): string {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return 'the certificate does not name this host';
  }
  if (TLS_VERIFY_CODES.has(code)) {
    return `certificate not trusted (${code})`;
  }
  if (code.startsWith('ERR_SSL_') && err.reason) {
    return truncate(oneLine(err.reason), 200);
  }
  return code;
}

/** The readable part of a parser or TLS error, on one short line. */
function shortReason(err: NetError, code: string): string {
  return truncate(oneLine(err.reason ?? err.message ?? code), 200);
}

/** `127.0.0.1:9113`, `[::1]:9113`, or every address tried, from an error. */
function endpoints(err: NetError, target: URL): string {
  const list = (Array.isArray(err.errors) ? err.errors : [err])
    .map(e => e as NetError)
    .filter(e => typeof e.address === 'string')
    .map(e => formatHostPort(e.address!, e.port));
  if (list.length > 0) {
    return [...new Set(list)].join(', ');
  }
  return target.host;
}

import { SampleHttpContext } from '@periskop-backstage/plugin-periskop-common';
import { isRedactedHeaderValue } from './redaction';

/**
 * Quotes a string for POSIX shells: wrapped in single quotes, inside which
 * nothing is special except the single quote itself, written `'\''`.
 * Newlines stay literal, which every POSIX shell accepts inside quotes.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Headers curl computes itself; a copied value would contradict the body. */
const COMPUTED_HEADERS = new Set(['content-length']);

/** An HTTP method is a token; anything else is quoted to stay harmless. */
function quoteMethod(method: string): string {
  return /^[A-Za-z]+$/.test(method) ? method : shellQuote(method);
}

/**
 * A `curl` command that sends the request during which a sample was
 * recorded again: `-X` with the method, one `-H` per header, the body as
 * `--data-raw` (sent verbatim, `@` has no meaning there).
 *
 * Redacted headers are left out, because `[REDACTED]` would be sent
 * literally; a comment line above the command names them so the user can
 * add their own credentials. `Content-Length` is left out too: curl sets it
 * from the body.
 */
export function buildCurlCommand(context: SampleHttpContext): string {
  const method = context.requestMethod.trim() || 'GET';
  const headers = Object.entries(context.requestHeaders ?? {});
  const redacted = headers
    .filter(([, value]) => isRedactedHeaderValue(value))
    .map(([name]) => name);

  const parts = [
    `curl -X ${quoteMethod(method)} ${shellQuote(context.requestUrl)}`,
  ];
  for (const [name, value] of headers) {
    if (
      isRedactedHeaderValue(value) ||
      COMPUTED_HEADERS.has(name.toLowerCase())
    ) {
      continue;
    }
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (context.requestBody) {
    parts.push(`--data-raw ${shellQuote(context.requestBody)}`);
  }

  const comment = redacted.length
    ? `# redacted by Periskop, add your own value to reproduce: ${redacted.join(
        ', ',
      )}\n`
    : '';
  return `${comment}${parts.join(' \\\n  ')}`;
}

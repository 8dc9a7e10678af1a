import { SampleHttpContext } from '@periskop-backstage/plugin-periskop-common';
import { containsRedaction } from './redaction';

/**
 * Quotes a string as one POSIX shell word: wrapped in single quotes, inside
 * which nothing is special except the single quote itself, written `'\''`.
 * Newlines, `$`, backticks and a leading `-` stay literal. NUL characters
 * are dropped: no program argument can hold one.
 */
export function shellQuote(value: string): string {
  return `'${value.replace(/\0/g, '').replace(/'/g, `'\\''`)}'`;
}

/** Headers curl computes itself; a copied value would contradict the body. */
const COMPUTED_HEADERS = new Set(['content-length']);

/**
 * A name for the comment line: control characters (a newline would end
 * the comment and start a command) become `?`.
 */
function commentText(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]/gu, '?');
}

/**
 * A `curl` command that sends the request during which a sample was
 * recorded again: `--globoff` (so that `[`, `]`, `{` and `}` in a URL,
 * as in `[REDACTED]` or `filter[name]=x`, are not curl's URL patterns),
 * `-X` with the method, `--url` with the URL (so that a URL starting with
 * `-` is not taken for an option), one `-H` per header, the
 * body as `--data-raw` (sent verbatim, `@` has no meaning there). Every
 * value is one single-quoted shell word, so that nothing in a sample can
 * run a command or add an option.
 *
 * Headers that were redacted (wholly or in part) are left out, because
 * `[REDACTED]` would be sent literally; a comment line above the command
 * names them, and the URL or body when a part of it was redacted, so the
 * user can add their own values. `Content-Length` is left out too: curl
 * sets it from the body.
 */
export function buildCurlCommand(context: SampleHttpContext): string {
  const method = context.requestMethod.trim() || 'GET';
  const headers = Object.entries(context.requestHeaders ?? {});
  const redacted = headers
    .filter(([, value]) => containsRedaction(value))
    .map(([name]) => commentText(name));
  if (containsRedaction(context.requestUrl)) {
    redacted.push('the URL');
  }
  if (context.requestBody && containsRedaction(context.requestBody)) {
    redacted.push('the body');
  }

  const parts = [
    `curl --globoff -X ${shellQuote(method)} --url ${shellQuote(
      context.requestUrl,
    )}`,
  ];
  for (const [name, value] of headers) {
    if (containsRedaction(value) || COMPUTED_HEADERS.has(name.toLowerCase())) {
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

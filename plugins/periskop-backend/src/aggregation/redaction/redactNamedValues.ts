import { REDACTED } from './placeholder';
import { SecretNameMatcher } from './secretNames';

/**
 * `name=value` in running text: query strings of URLs quoted in messages
 * (Go's `url.Error` prints the whole URL), `;jsessionid=` path parameters,
 * and `key=value` logging. The value ends at a delimiter; a quoted value
 * at its closing quote.
 */
const ASSIGNMENT =
  /(^|[?&;,\s(\[{'"])([A-Za-z0-9_.%-]{1,100})=(?!=)("[^"]*"|'[^']*'|[^&\s;,'"<>#)\]}]*)/g;

/**
 * `"name": value` and `'name': value` in running text: JSON, or a Python
 * dict, quoted in a message or in a body cut short (a string cut short
 * is redacted to the end). String and number values are replaced; objects
 * and arrays are left to the other rules.
 */
const QUOTED_MEMBER =
  /(["'])([^"'\\\n]{1,100})\1(\s*:\s*)("(?:[^"\\]|\\.)*(?:"|$)|'(?:[^'\\]|\\.)*(?:'|$)|-?\d[\d.eE+-]*)/g;

/**
 * `name:value` without a space, as Go prints maps (`map[password:hunter2]`)
 * and as `user:token` pairs are written. With a space after the colon
 * (`auth: connection refused`) it is prose too often to be taken.
 */
const COLON_PAIR =
  /(^|[\s\[{(,;])([A-Za-z_][A-Za-z0-9_-]{0,99}):(?![/\s])("[^"]*"|'[^']*'|[^\s,;\]})]+)/g;

function decodeName(name: string): string {
  if (!name.includes('%')) {
    return name;
  }
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Keeps the quotes of a quoted value, so the text keeps its shape. */
function redactedLike(value: string): string {
  const quote = value[0];
  return quote === '"' || quote === "'"
    ? `${quote}${REDACTED}${quote}`
    : REDACTED;
}

/**
 * Replaces the values of secret-looking names in running text (messages,
 * stack frames, bodies that are neither JSON nor a form): see
 * {@link ASSIGNMENT}, {@link COLON_PAIR} and {@link QUOTED_MEMBER}. Texts
 * without `=` or `:` are returned at once.
 */
export function redactNamedValues(
  text: string,
  isSecretName: SecretNameMatcher,
): string {
  let result = text;
  if (result.includes('=')) {
    result = result.replace(
      ASSIGNMENT,
      (whole, before: string, name: string, value: string) =>
        value !== '' && value !== REDACTED && isSecretName(decodeName(name))
          ? `${before}${name}=${redactedLike(value)}`
          : whole,
    );
  }
  if (result.includes(':')) {
    result = result.replace(
      COLON_PAIR,
      (whole, before: string, name: string, value: string) =>
        value !== REDACTED && isSecretName(name)
          ? `${before}${name}:${redactedLike(value)}`
          : whole,
    );
  }
  if (result.includes(':') && (result.includes('"') || result.includes("'"))) {
    result = result.replace(
      QUOTED_MEMBER,
      (whole, quote: string, name: string, colon: string, value: string) =>
        isSecretName(name)
          ? `${quote}${name}${quote}${colon}${redactedLike(value)}`
          : whole,
    );
  }
  return result;
}

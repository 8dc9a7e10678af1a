import { REDACTED } from './placeholder';
import { SecretNameMatcher } from './secretNames';

const REDACTED_STRING = JSON.stringify(REDACTED);

function isWhitespace(char: string): boolean {
  return char === ' ' || char === '\n' || char === '\r' || char === '\t';
}

/** The index after the string literal that starts at `start` (valid JSON assumed). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') {
    i += text[i] === '\\' ? 2 : 1;
  }
  return i + 1;
}

/** The index after the number or literal that starts at `start`. */
function endOfScalar(text: string, start: number): number {
  let i = start;
  while (
    i < text.length &&
    !isWhitespace(text[i]) &&
    text[i] !== ',' &&
    text[i] !== ']' &&
    text[i] !== '}'
  ) {
    i++;
  }
  return i;
}

/** The index after the value that starts at `start`, however deep. */
function endOfValue(text: string, start: number): number {
  const first = text[start];
  if (first === '"') {
    return endOfString(text, start);
  }
  if (first !== '{' && first !== '[') {
    return endOfScalar(text, start);
  }
  let depth = 0;
  let i = start;
  do {
    const char = text[i];
    if (char === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (char === '{' || char === '[') {
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
    }
    i++;
  } while (depth > 0);
  return i;
}

/**
 * Redacts a JSON document where it stands, so that everything not redacted
 * keeps its bytes (its spacing, member order, duplicate members and numbers
 * beyond double precision, which parsing and serialising again would
 * change). The value of a member whose name looks secret is replaced
 * whole, at any depth, whatever its type (`null` stays: it holds nothing);
 * every other string, number and member name goes through `redactText`.
 * Returns `undefined` when the text is not JSON.
 */
export function redactJsonText(
  text: string,
  isSecretName: SecretNameMatcher,
  redactText: (text: string) => string,
): string | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }

  let result = '';
  let copiedUpTo = 0;
  const replace = (start: number, end: number, replacement: string) => {
    result += text.slice(copiedUpTo, start) + replacement;
    copiedUpTo = end;
  };

  // whether each open container is an object; in an object, whether the
  // next string is a member name, and whether the next value is secret
  const objects: boolean[] = [];
  let expectName = false;
  let secretValue = false;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (isWhitespace(char) || char === ':') {
      i++;
      continue;
    }
    if (char === ',') {
      expectName = objects[objects.length - 1] === true;
      i++;
      continue;
    }
    if (char === '}' || char === ']') {
      objects.pop();
      i++;
      continue;
    }
    if (secretValue) {
      // a secret member's value goes whole, containers included
      secretValue = false;
      const end = endOfValue(text, i);
      if (text.slice(i, end) !== 'null') {
        replace(i, end, REDACTED_STRING);
      }
      i = end;
      continue;
    }
    if (char === '{' || char === '[') {
      objects.push(char === '{');
      expectName = char === '{';
      i++;
      continue;
    }
    const end = endOfValue(text, i);
    const token = text.slice(i, end);
    if (char === '"') {
      const decoded: string = JSON.parse(token);
      if (expectName) {
        secretValue = isSecretName(decoded);
        expectName = false;
      }
      const redacted = redactText(decoded);
      if (redacted !== decoded) {
        replace(i, end, JSON.stringify(redacted));
      }
    } else if (redactText(token) !== token) {
      // a number that is a card number, say: written as the placeholder
      replace(i, end, REDACTED_STRING);
    }
    i = end;
  }
  return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
}

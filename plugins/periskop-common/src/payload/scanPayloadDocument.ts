// A shallow reader of a Periskop payload's JSON bytes. It decodes only what
// counting needs (the top level, and per aggregate its key, count, severity
// and creation time) and leaves every aggregate's `latest_errors` as
// undecoded bytes. Samples are most of a payload's bytes but matter only for
// the few keys whose count moved; skipping a string is one `indexOf`, while
// decoding the body and `JSON.parse` of it allocate every string of every
// stack trace. It reads UTF-8 bytes, not text: the quotes, brackets and
// separators it looks for are ASCII, and no byte of a multi-byte UTF-8
// sequence is, so the body need not be decoded at all. `npm run
// bench:reader` compares it with `JSON.parse` (see docs/benchmarks.md).
//
// What is skipped is checked for its structure (strings closed, brackets
// balanced), not token by token: a text `JSON.parse` would reject can pass
// when the damage is inside samples that are never decoded. Samples that are
// decoded go through `JSON.parse`, and anything this reader does not expect
// makes it throw, so that the caller falls back to `JSON.parse` of the
// whole text (and to its error message).

/** Decodes UTF-8 as the fetcher does: invalid sequences become U+FFFD. */
const utf8 = new TextDecoder('utf-8');

/** JSON bytes left undecoded until they are needed. */
export class DeferredJson {
  constructor(readonly bytes: Uint8Array) {}

  /** `JSON.parse` of the bytes as UTF-8; throws like it. */
  decode(): unknown {
    return JSON.parse(this.text());
  }

  /** The bytes as UTF-8 text. */
  text(): string {
    return utf8.decode(this.bytes);
  }
}

/** Thrown for anything the shallow reader does not handle; the caller falls back. */
class ShallowReadError extends Error {}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/** Aggregate fields decoded eagerly; everything else is skipped. */
const AGGREGATE_FIELDS = new Set([
  'aggregation_key',
  'total_count',
  'severity',
  'created_at',
]);

function skipWhitespace(text: Uint8Array, at: number): number {
  let i = at;
  for (;;) {
    const c = text[i];
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

function expect(text: Uint8Array, at: number, code: number): number {
  if (text[at] !== code) {
    throw new ShallowReadError(`expected ${String.fromCharCode(code)}`);
  }
  return at + 1;
}

/** Index after the closing quote of the string that opens at `at`. */
function stringEnd(text: Uint8Array, at: number): number {
  let from = at + 1;
  for (;;) {
    // Buffer's indexOf (a memchr) when the bytes are a Buffer
    const quote = text.indexOf(QUOTE, from);
    if (quote < 0) {
      throw new ShallowReadError('unterminated string');
    }
    let backslashes = 0;
    while (text[quote - 1 - backslashes] === BACKSLASH) {
      backslashes++;
    }
    if (backslashes % 2 === 0) {
      return quote + 1;
    }
    from = quote + 1;
  }
}

/** The string value that opens at `at`, decoded, and the index after it. */
function readString(text: Uint8Array, at: number): [string, number] {
  if (text[at] !== QUOTE) {
    throw new ShallowReadError('expected a string');
  }
  const end = stringEnd(text, at);
  const escaped = text.indexOf(BACKSLASH, at + 1);
  // escapes (rare in keys) are decoded by JSON.parse, which also rejects bad ones
  return [
    escaped >= 0 && escaped < end
      ? (decode(text, at, end) as string)
      : utf8.decode(text.subarray(at + 1, end - 1)),
    end,
  ];
}

/** Index after the value that starts at `at` (not decoded). */
function skipValue(text: Uint8Array, at: number): number {
  const c = text[at];
  if (c === QUOTE) {
    return stringEnd(text, at);
  }
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    // From string to string with indexOf; only the few characters between
    // two strings are looked at one by one, for brackets.
    let depth = 0;
    let i = at;
    for (;;) {
      const quote = text.indexOf(QUOTE, i);
      const gapEnd = quote < 0 ? text.length : quote;
      for (let k = i; k < gapEnd; k++) {
        const g = text[k];
        if (g === OPEN_BRACE || g === OPEN_BRACKET) {
          depth++;
        } else if (g === CLOSE_BRACE || g === CLOSE_BRACKET) {
          if (--depth === 0) {
            return k + 1;
          }
        }
      }
      if (quote < 0) {
        throw new ShallowReadError('unbalanced brackets');
      }
      i = stringEnd(text, quote);
    }
  }
  // a number or a literal: up to the next delimiter
  let i = at;
  for (;;) {
    const d = text[i];
    if (
      d === COMMA ||
      d === CLOSE_BRACE ||
      d === CLOSE_BRACKET ||
      d === 32 ||
      d === 10 ||
      d === 13 ||
      d === 9 ||
      d === undefined
    ) {
      if (i === at) {
        throw new ShallowReadError('expected a value');
      }
      return i;
    }
    i++;
  }
}

/** The scalar or container at [from, to), decoded. */
function decode(text: Uint8Array, from: number, to: number): unknown {
  return JSON.parse(utf8.decode(text.subarray(from, to)));
}

/**
 * Reads the members of the object that opens at `at`, calling `member` with
 * each name and the index of its value; `member` returns the index after
 * the value. Returns the index after the object.
 */
function readObject(
  text: Uint8Array,
  at: number,
  member: (name: string, valueAt: number) => number,
): number {
  let i = skipWhitespace(text, expect(text, at, OPEN_BRACE));
  if (text[i] === CLOSE_BRACE) {
    return i + 1;
  }
  for (;;) {
    const [name, afterName] = readString(text, i);
    i = skipWhitespace(
      text,
      expect(text, skipWhitespace(text, afterName), COLON),
    );
    i = skipWhitespace(text, member(name, i));
    const c = text[i];
    if (c === CLOSE_BRACE) {
      return i + 1;
    }
    i = skipWhitespace(text, expect(text, i, COMMA));
  }
}

function readAggregate(text: Uint8Array, at: number): [unknown, number] {
  if (text[at] !== OPEN_BRACE) {
    // not an object: decoded whole, the validator names what it is
    const end = skipValue(text, at);
    return [decode(text, at, end), end];
  }
  const item: Record<string, unknown> = {};
  const end = readObject(text, at, (name, valueAt) => {
    const valueEnd = skipValue(text, valueAt);
    if (name === 'latest_errors') {
      item[name] = new DeferredJson(text.subarray(valueAt, valueEnd));
    } else if (AGGREGATE_FIELDS.has(name)) {
      item[name] = decode(text, valueAt, valueEnd);
    }
    return valueEnd;
  });
  return [item, end];
}

function readAggregates(text: Uint8Array, at: number): [unknown[], number] {
  const items: unknown[] = [];
  let i = skipWhitespace(text, expect(text, at, OPEN_BRACKET));
  if (text[i] === CLOSE_BRACKET) {
    return [items, i + 1];
  }
  for (;;) {
    const [item, end] = readAggregate(text, i);
    items.push(item);
    i = skipWhitespace(text, end);
    if (text[i] === CLOSE_BRACKET) {
      return [items, i + 1];
    }
    i = skipWhitespace(text, expect(text, i, COMMA));
  }
}

/**
 * Reads a payload's UTF-8 bytes shallowly: an object with `target_uuid` and
 * `aggregated_errors` (when present), where each aggregate object holds only
 * its counting fields and `latest_errors` as a {@link DeferredJson}. Other
 * members are skipped. Throws for anything it does not handle, including
 * text that is not JSON: the caller then uses `JSON.parse`.
 */
export function scanPayloadDocument(text: Uint8Array): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  // a UTF-8 byte-order mark is not JSON, but some servers send one
  const start =
    text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf ? 3 : 0;
  let i = skipWhitespace(text, start);
  i = readObject(text, i, (name, valueAt) => {
    if (name === 'aggregated_errors' && text[valueAt] === OPEN_BRACKET) {
      const [items, end] = readAggregates(text, valueAt);
      document[name] = items;
      return end;
    }
    const end = skipValue(text, valueAt);
    if (name === 'aggregated_errors' || name === 'target_uuid') {
      document[name] = decode(text, valueAt, end);
    }
    return end;
  });
  if (skipWhitespace(text, i) !== text.length) {
    throw new ShallowReadError('unexpected text after the payload');
  }
  return document;
}

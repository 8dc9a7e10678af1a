// Where text stops being JSON, and what was expected there, without quoting
// any of it: the text is whatever a scraped server answered, and a failure
// reason is shown to everyone who may read the target's health. `JSON.parse`
// messages quote the text around the error ("Unexpected token '<',
// "<html>..." is not valid JSON"), so they are never shown.

/** The first syntax error of a text, by position only. */
export interface JsonSyntaxError {
  /** What is wrong there, in words that quote nothing of the text. */
  problem: string;
  /** Characters before the error (UTF-16 code units, as JavaScript counts). */
  offset: number;
  /** 1-based line of the error. */
  line: number;
  /** 1-based column of the error, in characters. */
  column: number;
}

/** Thrown at the first error; caught by {@link locateJsonSyntaxError}. */
class SyntaxAt {
  constructor(readonly problem: string, readonly offset: number) {}
}

const isWhitespace = (c: string | undefined) =>
  c === ' ' || c === '\n' || c === '\r' || c === '\t';
const isDigit = (c: string | undefined) =>
  c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) =>
  c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** A recursive-descent JSON grammar check (RFC 8259), stopping at the first error. */
class JsonChecker {
  #at = 0;

  constructor(private readonly text: string) {}

  document(): void {
    this.#skipWhitespace();
    if (this.#at >= this.text.length) {
      throw new SyntaxAt('empty', this.#at);
    }
    this.#value();
    this.#skipWhitespace();
    if (this.#at < this.text.length) {
      throw new SyntaxAt('unexpected text after the JSON value', this.#at);
    }
  }

  #skipWhitespace(): void {
    while (isWhitespace(this.text[this.#at])) this.#at++;
  }

  #unexpected(expected: string): never {
    throw new SyntaxAt(
      this.#at >= this.text.length
        ? `unexpected end, expected ${expected}`
        : `unexpected character, expected ${expected}`,
      this.#at,
    );
  }

  #value(): void {
    const c = this.text[this.#at];
    if (c === '{') this.#object();
    else if (c === '[') this.#array();
    else if (c === '"') this.#string();
    else if (c === '-' || isDigit(c)) this.#number();
    else if (!this.#literal()) this.#unexpected('a value');
  }

  #literal(): boolean {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.#at)) {
        this.#at += word.length;
        return true;
      }
    }
    return false;
  }

  #object(): void {
    this.#at++;
    this.#skipWhitespace();
    if (this.text[this.#at] === '}') {
      this.#at++;
      return;
    }
    for (;;) {
      if (this.text[this.#at] !== '"') this.#unexpected('a property name');
      this.#string();
      this.#skipWhitespace();
      if (this.text[this.#at] !== ':') this.#unexpected("':'");
      this.#at++;
      this.#skipWhitespace();
      this.#value();
      this.#skipWhitespace();
      const next = this.text[this.#at];
      if (next === '}') {
        this.#at++;
        return;
      }
      if (next !== ',') this.#unexpected("',' or '}'");
      this.#at++;
      this.#skipWhitespace();
    }
  }

  #array(): void {
    this.#at++;
    this.#skipWhitespace();
    if (this.text[this.#at] === ']') {
      this.#at++;
      return;
    }
    for (;;) {
      this.#value();
      this.#skipWhitespace();
      const next = this.text[this.#at];
      if (next === ']') {
        this.#at++;
        return;
      }
      if (next !== ',') this.#unexpected("',' or ']'");
      this.#at++;
      this.#skipWhitespace();
    }
  }

  #string(): void {
    this.#at++;
    for (;;) {
      const c = this.text[this.#at];
      if (c === undefined) {
        throw new SyntaxAt('unterminated string', this.#at);
      }
      if (c === '"') {
        this.#at++;
        return;
      }
      if (c < ' ') {
        throw new SyntaxAt('control character in a string', this.#at);
      }
      if (c === '\\') {
        const escape = this.text[this.#at + 1];
        if (escape === 'u') {
          for (let k = 2; k < 6; k++) {
            if (!isHex(this.text[this.#at + k])) {
              throw new SyntaxAt('invalid \\u escape', this.#at);
            }
          }
          this.#at += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          throw new SyntaxAt('invalid escape', this.#at);
        }
        this.#at += 2;
        continue;
      }
      this.#at++;
    }
  }

  #number(): void {
    const start = this.#at;
    if (this.text[this.#at] === '-') this.#at++;
    if (this.text[this.#at] === '0') {
      this.#at++;
    } else if (isDigit(this.text[this.#at])) {
      while (isDigit(this.text[this.#at])) this.#at++;
    } else {
      throw new SyntaxAt('invalid number', start);
    }
    if (this.text[this.#at] === '.') {
      this.#at++;
      if (!isDigit(this.text[this.#at])) {
        throw new SyntaxAt('invalid number', start);
      }
      while (isDigit(this.text[this.#at])) this.#at++;
    }
    if (this.text[this.#at] === 'e' || this.text[this.#at] === 'E') {
      this.#at++;
      if (this.text[this.#at] === '+' || this.text[this.#at] === '-') {
        this.#at++;
      }
      if (!isDigit(this.text[this.#at])) {
        throw new SyntaxAt('invalid number', start);
      }
      while (isDigit(this.text[this.#at])) this.#at++;
    }
  }
}

/** 1-based line and column of a character offset. */
function lineAndColumn(
  text: string,
  offset: number,
): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; ) {
    line++;
    lineStart = i + 1;
    i = text.indexOf('\n', lineStart);
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The first place where `text` is not JSON, or `undefined` when it is JSON
 * (or too deeply nested to check). Only called after `JSON.parse` failed,
 * so its cost does not matter.
 */
export function locateJsonSyntaxError(
  text: string,
): JsonSyntaxError | undefined {
  try {
    new JsonChecker(text).document();
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxAt) {
      return {
        problem: error.problem,
        offset: error.offset,
        ...lineAndColumn(text, error.offset),
      };
    }
    return undefined; // a stack overflow on absurd nesting
  }
}

/**
 * Says why `text` is not JSON and where, e.g. `unexpected character,
 * expected a value at line 1, column 1`; never quotes the text.
 */
export function describeJsonSyntaxError(text: string): string {
  const found = locateJsonSyntaxError(text);
  if (!found) {
    return 'invalid JSON';
  }
  if (found.problem === 'empty') {
    return 'the body is empty';
  }
  return `${found.problem} at line ${found.line}, column ${found.column}`;
}

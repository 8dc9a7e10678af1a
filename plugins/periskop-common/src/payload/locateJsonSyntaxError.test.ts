import {
  describeJsonSyntaxError,
  locateJsonSyntaxError,
} from './locateJsonSyntaxError';

describe('locateJsonSyntaxError', () => {
  it.each([
    '{}',
    '[]',
    ' {"a": [1, -2.5e+3, 0, true, false, null, "x\\n\\u00e9\\"" ]} ',
    '"text"',
    '0',
  ])('finds nothing wrong in JSON %j', text => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(locateJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ['', 'empty', 0, 1, 1],
    ['  \n ', 'empty', 4, 2, 2],
    ['<html>', 'unexpected character, expected a value', 0, 1, 1],
    ['{"a":1,}', 'unexpected character, expected a property name', 7, 1, 8],
    ['{"a" 1}', "unexpected character, expected ':'", 5, 1, 6],
    ['[1 2]', "unexpected character, expected ',' or ']'", 3, 1, 4],
    ['{"a":1', "unexpected end, expected ',' or '}'", 6, 1, 7],
    ['{"a":\n  tru}', 'unexpected character, expected a value', 8, 2, 3],
    ['"abc', 'unterminated string', 4, 1, 5],
    ['"a\tb"', 'control character in a string', 2, 1, 3],
    ['"a\\qb"', 'invalid escape', 2, 1, 3],
    ['"\\u12G4"', 'invalid \\u escape', 1, 1, 2],
    ['[01]', "unexpected character, expected ',' or ']'", 2, 1, 3],
    ['[1.]', 'invalid number', 1, 1, 2],
    ['[-]', 'invalid number', 1, 1, 2],
    ['[1e]', 'invalid number', 1, 1, 2],
    ['{}\n{}', 'unexpected text after the JSON value', 3, 2, 1],
  ])('locates the error in %j', (text, problem, offset, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonSyntaxError(text)).toEqual({
      problem,
      offset,
      line,
      column,
    });
  });

  it('gives up without throwing on nesting deeper than the stack', () => {
    expect(locateJsonSyntaxError(`${'['.repeat(1_000_000)}x`)).toBeUndefined();
  });
});

describe('describeJsonSyntaxError', () => {
  it('says where and what, quoting nothing of the text', () => {
    const text = '{"password":"s3cr3t-value"} trailing s3cr3t';
    const described = describeJsonSyntaxError(text);
    expect(described).toBe(
      'unexpected text after the JSON value at line 1, column 29',
    );
    expect(described).not.toContain('s3cr3t');
  });

  it('names an empty body and falls back when no position is found', () => {
    expect(describeJsonSyntaxError(' ')).toBe('the body is empty');
    expect(describeJsonSyntaxError(`${'['.repeat(1_000_000)}`)).toBe(
      'invalid JSON',
    );
  });
});

import { SampleHttpContext } from '@periskop-backstage/plugin-periskop-common';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCurlCommand, shellQuote } from './buildCurlCommand';

/**
 * Runs a command with bash, `curl` being a function that prints its
 * arguments (NUL-separated: no argument can hold a NUL), and returns them.
 * `$MARKER` names a file that nothing should create.
 */
function argvOf(command: string, marker: string): string[] {
  const output = execFileSync(
    'bash',
    ['-c', `curl() { printf '%s\\0' "$@"; }\n${command}`],
    { env: { PATH: process.env.PATH, MARKER: marker }, encoding: 'utf8' },
  );
  return output.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it("wraps in single quotes and escapes single quotes as '\\''", () => {
    expect(shellQuote('plain')).toBe(`'plain'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote(`''`)).toBe(`''\\'''\\'''`);
  });

  it('leaves $, backticks, backslashes and newlines literal inside the quotes', () => {
    expect(shellQuote('$HOME `id` \\n\nnext')).toBe(`'$HOME \`id\` \\n\nnext'`);
  });
});

describe('buildCurlCommand', () => {
  it('sends the method, the URL after --url, every header and the body', () => {
    expect(
      buildCurlCommand({
        requestMethod: 'POST',
        requestUrl: 'http://shop.example.com/cart?id=0&x=1',
        requestHeaders: {
          'Content-Type': 'application/json',
          'X-Request-Id': 'abc',
        },
        requestBody: '{"item":"42"}',
      }),
    ).toBe(
      [
        `curl --globoff -X 'POST' --url 'http://shop.example.com/cart?id=0&x=1' \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  -H 'X-Request-Id: abc' \\`,
        `  --data-raw '{"item":"42"}'`,
      ].join('\n'),
    );
  });

  it('quotes single quotes and keeps newlines of the body', () => {
    expect(
      buildCurlCommand({
        requestMethod: 'PUT',
        requestUrl: "http://x/it's",
        requestHeaders: { 'X-Note': "don't" },
        requestBody: "name='a'\nline 2",
      }),
    ).toBe(
      [
        `curl --globoff -X 'PUT' --url 'http://x/it'\\''s' \\`,
        `  -H 'X-Note: don'\\''t' \\`,
        `  --data-raw 'name='\\''a'\\''\nline 2'`,
      ].join('\n'),
    );
  });

  it('leaves redacted headers out and names them, and a redacted URL or body, in a comment', () => {
    expect(
      buildCurlCommand({
        requestMethod: 'GET',
        requestUrl: 'https://api.example.com/me?token=[REDACTED]',
        requestHeaders: {
          Authorization: '[REDACTED]',
          Accept: '*/*',
          Cookie: '[REDACTED]',
          'X-Upstream': 'Bearer [REDACTED]',
        },
        requestBody: '{"card":"[REDACTED]"}',
      }),
    ).toBe(
      [
        '# redacted by Periskop, add your own value to reproduce: Authorization, Cookie, X-Upstream, the URL, the body',
        `curl --globoff -X 'GET' --url 'https://api.example.com/me?token=[REDACTED]' \\`,
        `  -H 'Accept: */*' \\`,
        `  --data-raw '{"card":"[REDACTED]"}'`,
      ].join('\n'),
    );
  });

  it('defaults an empty method to GET and drops Content-Length', () => {
    expect(
      buildCurlCommand({
        requestMethod: '',
        requestUrl: 'http://x/',
        requestHeaders: { 'Content-Length': '12' },
        requestBody: '',
      }),
    ).toBe(`curl --globoff -X 'GET' --url 'http://x/'`);
  });

  describe('run by bash', () => {
    let dir: string;
    let marker: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'curl-argv-'));
      marker = path.join(dir, 'pwned');
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const hostile = [
      `'; touch "$MARKER"; '`,
      '$(touch "$MARKER")',
      '`touch "$MARKER"`',
      '"; touch "$MARKER"; "',
      '\\\'\\"\\\\',
      'line 1\nline 2\r\n; touch "$MARKER"',
      '-o/tmp/owned',
      '--config=/etc/passwd',
      '${HOME} $HOME !! !$ ~ * ? [a] {a,b} | & ; < > #',
      'ünïcødé 日本語 🙂 \u202e\u2028 שלום',
    ];

    it.each(hostile)(
      'passes %j through as exactly one argument each',
      value => {
        const context: SampleHttpContext = {
          requestMethod: value,
          requestUrl: value,
          requestHeaders: { [`X-${value}`]: value, [value]: '[REDACTED]' },
          requestBody: value,
        };
        expect(argvOf(buildCurlCommand(context), marker)).toEqual([
          '--globoff',
          '-X',
          value,
          '--url',
          value,
          '-H',
          `X-${value}: ${value}`,
          '--data-raw',
          value,
        ]);
        expect(fs.existsSync(marker)).toBe(false);
      },
    );

    it('drops NUL characters, which no argument can hold', () => {
      expect(
        argvOf(
          buildCurlCommand({
            requestMethod: 'POST',
            requestUrl: 'http://x/a\0b',
            requestHeaders: {},
            requestBody: 'a\0b',
          }),
          marker,
        ),
      ).toEqual([
        '--globoff',
        '-X',
        'POST',
        '--url',
        'http://x/ab',
        '--data-raw',
        'ab',
      ]);
    });
  });
});

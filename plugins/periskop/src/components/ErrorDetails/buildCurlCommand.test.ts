import { buildCurlCommand, shellQuote } from './buildCurlCommand';

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
  it('sends the method, every header and the body', () => {
    expect(
      buildCurlCommand({
        requestMethod: 'POST',
        requestUrl: 'http://shop.example.com/cart?id=0&x=1',
        requestHeaders: {
          'Content-Type': 'application/json',
          'X-Request-Id': 'abc',
        },
        requestBody: '{"card":"4111111111111111"}',
      }),
    ).toBe(
      [
        `curl -X POST 'http://shop.example.com/cart?id=0&x=1' \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  -H 'X-Request-Id: abc' \\`,
        `  --data-raw '{"card":"4111111111111111"}'`,
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
        `curl -X PUT 'http://x/it'\\''s' \\`,
        `  -H 'X-Note: don'\\''t' \\`,
        `  --data-raw 'name='\\''a'\\''\nline 2'`,
      ].join('\n'),
    );
  });

  it('leaves redacted headers out and names them in a comment', () => {
    expect(
      buildCurlCommand({
        requestMethod: 'GET',
        requestUrl: 'https://api.example.com/me',
        requestHeaders: {
          Authorization: '[REDACTED]',
          Accept: '*/*',
          Cookie: '[REDACTED]',
        },
        requestBody: null,
      }),
    ).toBe(
      [
        '# redacted by Periskop, add your own value to reproduce: Authorization, Cookie',
        `curl -X GET 'https://api.example.com/me' \\`,
        `  -H 'Accept: */*'`,
      ].join('\n'),
    );
  });

  it('defaults an empty method to GET, drops Content-Length and quotes odd methods', () => {
    expect(
      buildCurlCommand({
        requestMethod: '',
        requestUrl: 'http://x/',
        requestHeaders: { 'Content-Length': '12' },
        requestBody: '',
      }),
    ).toBe(`curl -X GET 'http://x/'`);
    expect(
      buildCurlCommand({
        requestMethod: 'GET; rm -rf /',
        requestUrl: 'http://x/',
        requestHeaders: {},
        requestBody: null,
      }),
    ).toBe(`curl -X 'GET; rm -rf /' 'http://x/'`);
  });
});

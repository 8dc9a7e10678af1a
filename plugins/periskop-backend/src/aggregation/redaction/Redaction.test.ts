import { parsePeriskopPayload } from '@periskop-backstage/plugin-periskop-common';
import { readClientFixture } from '@periskop-backstage/plugin-periskop-common/testUtils';
import { DEFAULT_REDACTION_SETTINGS, Redaction } from './Redaction';

const JWT =
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('Redaction', () => {
  const redaction = new Redaction(DEFAULT_REDACTION_SETTINGS);

  it('removes the card number and the credentials of the Python fixture', () => {
    const raw = readClientFixture('python/01-initial.json');
    expect(raw).toContain('4111111111111111');
    const parsed = parsePeriskopPayload(raw);
    if (!parsed.ok) throw new Error(parsed.reason);
    const samples = parsed.payload.aggregates.flatMap(a => a.samples);
    const redacted = JSON.stringify(redaction.redactSamples(samples));
    expect(redacted).not.toContain('4111111111111111');
    expect(redacted).not.toContain('dXNlcjpwYXNz');
    expect(redacted).toContain('{\\"card\\":\\"[REDACTED]\\"}');
    // what is not secret stays as it was
    expect(redacted).toContain('Expecting value: line 1 column 7 (char 6)');
  });

  it('redacts the samples of one read once, however often an apply asks', () => {
    const parsed = parsePeriskopPayload(
      readClientFixture('python/01-initial.json'),
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    const samples = parsed.payload.aggregates.flatMap(a => a.samples);
    const spy = jest.spyOn(redaction, 'redactText');
    const first = redaction.redactSamples(samples);
    const calls = spy.mock.calls.length;
    expect(calls).toBeGreaterThan(0);
    expect(redaction.redactSamples(samples)).toBe(first);
    expect(spy.mock.calls.length).toBe(calls);
    // another read of the same payload is redacted anew
    expect(redaction.redactSamples([...samples])).toEqual(first);
    expect(spy.mock.calls.length).toBe(2 * calls);
    spy.mockRestore();
  });

  it('redacts the whole cause chain: class, message and stack frames', () => {
    const error = redaction.redactError({
      class: 'DBError',
      message: 'connect postgres://app:hunter2@db/shop',
      stacktrace: ['at login (password=hunter2)', `token ${JWT}`],
      cause: {
        class: 'PaymentError',
        message: 'card 4111 1111 1111 1111 declined',
        stacktrace: [],
        cause: null,
      },
    });
    expect(JSON.stringify(error)).not.toMatch(/hunter2|4111|eyJ/);
    expect(error).toEqual({
      class: 'DBError',
      message: 'connect postgres://[REDACTED]@db/shop',
      stacktrace: ['at login (password=[REDACTED])', 'token [REDACTED]'],
      cause: {
        class: 'PaymentError',
        message: 'card [REDACTED] declined',
        stacktrace: [],
        cause: null,
      },
    });
  });

  it('redacts URL, headers by name and by value, and the body by its type', () => {
    expect(
      redaction.redactHttpContext({
        requestMethod: 'POST',
        requestUrl: 'https://u:p@shop/pay?api_key=k1&id=7',
        requestHeaders: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Cookie: 'session=abc',
          'X-Session-Token': 'abc',
          'X-Upstream': `Bearer ${JWT}`,
          Accept: '*/*',
        },
        requestBody: 'amount=5&cvv=123&cc=4111+1111+1111+1111',
      }),
    ).toEqual({
      requestMethod: 'POST',
      requestUrl: 'https://[REDACTED]@shop/pay?api_key=[REDACTED]&id=7',
      requestHeaders: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: '[REDACTED]',
        'X-Session-Token': '[REDACTED]',
        'X-Upstream': 'Bearer [REDACTED]',
        Accept: '*/*',
      },
      requestBody: 'amount=5&cvv=[REDACTED]&cc=[REDACTED]',
    });
    expect(redaction.redactHttpContext(null)).toBeNull();
  });

  it('adds configured names to the defaults, each list where it belongs', () => {
    const configured = new Redaction({
      ...DEFAULT_REDACTION_SETTINGS,
      headers: [...DEFAULT_REDACTION_SETTINGS.headers, 'X-Tenant'],
      queryParameters: [...DEFAULT_REDACTION_SETTINGS.queryParameters, 'email'],
      bodyFields: [...DEFAULT_REDACTION_SETTINGS.bodyFields, '*iban*'],
    });
    const context = configured.redactHttpContext({
      requestMethod: 'POST',
      requestUrl: '/x?email=a@b.c&iban=DE1',
      requestHeaders: { 'x-tenant': 'acme' },
      requestBody: '{"payer_iban":"DE89","email":"a@b.c"}',
    })!;
    expect(context.requestUrl).toBe('/x?email=[REDACTED]&iban=DE1');
    expect(context.requestHeaders).toEqual({ 'x-tenant': '[REDACTED]' });
    expect(context.requestBody).toBe(
      '{"payer_iban":"[REDACTED]","email":"a@b.c"}',
    );
    // running text is checked against both lists
    expect(configured.redactText('email=a@b.c iban=DE1')).toBe(
      'email=[REDACTED] iban=[REDACTED]',
    );
  });

  it('leaves secret-shaped values alone when values is off, names still apply', () => {
    const namesOnly = new Redaction({
      ...DEFAULT_REDACTION_SETTINGS,
      values: false,
    });
    expect(namesOnly.redactText('card 4111111111111111 token=abc')).toBe(
      'card 4111111111111111 token=[REDACTED]',
    );
    expect(
      namesOnly.redactHttpContext({
        requestMethod: 'GET',
        requestUrl: 'http://u:p@x/',
        requestHeaders: {},
        requestBody: null,
      })!.requestUrl,
    ).toBe('http://[REDACTED]@x/');
  });
});

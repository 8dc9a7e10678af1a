import { parsePeriskopPayload } from './parsePeriskopPayload';
import {
  expectOk,
  parseAggregates,
  wireAggregate,
  wireSample,
} from './__testUtils__/wirePayloads';

// Per-item validation, through the public parser so that the warning
// paths are the ones callers see.
describe('parseHttpContext', () => {
  describe('http_context', () => {
    function parseContext(httpContext: unknown) {
      const { payload, warnings } = parseAggregates([
        wireAggregate({
          latest_errors: [wireSample({ http_context: httpContext })],
        }),
      ]);
      return {
        context: payload.aggregates[0].samples[0].httpContext,
        warnings,
      };
    }

    it.each([
      ['null', null],
      ['missing', undefined],
      [
        'all empty (push gateway)',
        {
          request_method: '',
          request_url: '',
          request_headers: null,
          request_body: null,
        },
      ],
      [
        'all empty with empty headers and body',
        {
          request_method: '',
          request_url: '',
          request_headers: {},
          request_body: '',
        },
      ],
      ['an empty object', {}],
    ])('is null when %s', (_, httpContext) => {
      expect(parseContext(httpContext)).toEqual({
        context: null,
        warnings: [],
      });
    });

    it('is null with a warning when not an object', () => {
      expect(parseContext('GET /')).toEqual({
        context: null,
        warnings: [
          {
            path: 'aggregated_errors[0].latest_errors[0].http_context',
            reason: 'http_context is a string, expected an object; ignored',
          },
        ],
      });
    });

    it('maps fields, defaults null headers to {} and stringifies header values', () => {
      expect(
        parseContext({
          request_method: 'GET',
          request_url: '/x',
          request_headers: null,
          request_body: null,
        }).context,
      ).toEqual({
        requestMethod: 'GET',
        requestUrl: '/x',
        requestHeaders: {},
        requestBody: null,
      });
      const { context, warnings } = parseContext({
        request_method: 'POST',
        request_url: 'http://x/y?z=1',
        request_headers: {
          'Content-Length': 12,
          'X-Flag': true,
          'X-Multi': ['a', 'b'],
          'X-Null': null,
        },
        request_body: '',
      });
      expect(warnings).toEqual([]);
      expect(context?.requestHeaders).toEqual({
        'Content-Length': '12',
        'X-Flag': 'true',
        'X-Multi': 'a, b',
        'X-Null': '',
      });
      expect(context?.requestBody).toBe('');
      expect(Object.getPrototypeOf(context?.requestHeaders)).toBe(
        Object.prototype,
      );
    });

    it('keeps a "__proto__" header as a plain own property', () => {
      const { payload } = expectOk(
        parsePeriskopPayload(
          '{"aggregated_errors":[{"aggregation_key":"k","total_count":1,"latest_errors":[{"uuid":"u","timestamp":"2026-01-01T00:00:00Z","error":{"class":"C","message":""},"http_context":{"request_method":"GET","request_url":"/","request_headers":{"__proto__":"x"}}}]}]}',
        ),
      );
      const headers =
        payload.aggregates[0].samples[0].httpContext!.requestHeaders;
      expect(Object.getOwnPropertyDescriptor(headers, '__proto__')?.value).toBe(
        'x',
      );
      expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    });
  });
});

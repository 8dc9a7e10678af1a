import { ServiceErrorGroup, StoredTarget } from '../../database';
import {
  toPeriskopAggregate,
  toPeriskopTargets,
  toUnixSeconds,
} from './toPeriskopApi';

const group: ServiceErrorGroup = {
  id: 42,
  entityRef: 'component:default/api',
  aggregationKey: 'DeclinedError@0001',
  errorClass: 'DeclinedError',
  message: 'card declined',
  severity: 'warning',
  status: 'open',
  regressed: false,
  regressedAt: null,
  totalCount: 7,
  firstSeen: Date.parse('2026-11-21T19:21:20.999Z'),
  lastSeen: Date.parse('2026-11-21T19:25:00.500Z'),
  resolvedAt: null,
  resolvedBy: null,
  samples: [],
};

describe('toUnixSeconds', () => {
  it('drops the milliseconds, as Go’s time.Unix() does', () => {
    expect(toUnixSeconds(1_795_288_880_999)).toBe(1_795_288_880);
    expect(toUnixSeconds(0)).toBe(0);
  });
});

describe('toPeriskopAggregate', () => {
  it('maps samples with their cause chain and HTTP context', () => {
    const aggregate = toPeriskopAggregate({
      ...group,
      samples: [
        {
          uuid: 'u-1',
          timestampMs: Date.parse('2026-11-21T19:25:00.500Z'),
          severity: 'warning',
          error: {
            class: 'DeclinedError',
            message: 'card declined',
            stacktrace: ['at charge (pay.ts:1:1)'],
            cause: {
              class: 'GatewayError',
              message: 'timeout',
              stacktrace: [],
              cause: null,
            },
          },
          httpContext: {
            requestMethod: 'POST',
            requestUrl: 'https://shop/pay',
            requestHeaders: { Authorization: '[REDACTED]' },
            requestBody: null,
          },
        },
      ],
    });
    expect(aggregate).toEqual({
      aggregation_key: 'DeclinedError@0001',
      total_count: 7,
      severity: 'warning',
      created_at: Date.parse('2026-11-21T19:21:20Z') / 1000,
      latest_errors: [
        {
          error: {
            class: 'DeclinedError',
            message: 'card declined',
            stacktrace: ['at charge (pay.ts:1:1)'],
            cause: {
              class: 'GatewayError',
              message: 'timeout',
              stacktrace: [],
              cause: null,
            },
          },
          uuid: 'u-1',
          timestamp: Date.parse('2026-11-21T19:25:00Z') / 1000,
          severity: 'warning',
          http_context: {
            request_method: 'POST',
            request_url: 'https://shop/pay',
            request_headers: { Authorization: '[REDACTED]' },
            request_body: null,
          },
        },
      ],
    });
  });

  it('stands in one sample made of the group when none is left', () => {
    // Periskop's UI and the community plugin read latest_errors[0] unchecked
    expect(toPeriskopAggregate(group).latest_errors).toEqual([
      {
        error: {
          class: 'DeclinedError',
          message: 'card declined',
          stacktrace: [],
          cause: null,
        },
        uuid: '00000000-0000-0000-0000-00000000002a',
        timestamp: Date.parse('2026-11-21T19:25:00Z') / 1000,
        severity: 'warning',
        http_context: null,
      },
    ]);
  });
});

describe('toPeriskopTargets', () => {
  const target = (entityRef: string, url: string, origin = 'scrape') =>
    ({ entityRef, url, origin } as StoredTarget);

  it('lists the scraped URLs of each service, none for one that only pushes', () => {
    expect(
      toPeriskopTargets(
        new Map([
          ['api', 'component:default/api'],
          ['batch', 'component:default/batch'],
        ]),
        [
          target('component:default/api', 'http://10.0.0.1:8080/-/exceptions'),
          target('component:default/api', 'http://10.0.0.2:8080/-/exceptions'),
          target('component:default/batch', 'push:batch', 'push'),
          target('component:default/other', 'http://10.0.0.9/-/exceptions'),
        ],
      ),
    ).toEqual({
      api: [
        { endpoint: 'http://10.0.0.1:8080/-/exceptions' },
        { endpoint: 'http://10.0.0.2:8080/-/exceptions' },
      ],
      batch: [],
    });
  });
});

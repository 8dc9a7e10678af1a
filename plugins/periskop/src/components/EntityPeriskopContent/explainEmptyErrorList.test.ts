import { TargetHealth } from '@periskop-backstage/plugin-periskop-common';
import { DEFAULT_ERROR_LIST_VIEW } from './errorListView';
import { explainEmptyErrorList } from './explainEmptyErrorList';

function target(overrides: Partial<TargetHealth> = {}): TargetHealth {
  return {
    origin: 'scrape',
    url: 'http://10.0.0.1:8080/-/exceptions',
    instance: 'uuid-1',
    up: true,
    lastScrapeAt: '2024-05-01T12:00:00.000Z',
    lastSuccessAt: '2024-05-01T12:00:00.000Z',
    lastError: null,
    durationMs: 12,
    payloadBytes: 2048,
    errorKeys: 3,
    source: 'http://10.0.0.1:8080/-/exceptions',
    warnings: 0,
    firstWarning: null,
    limitNotice: null,
    ...overrides,
  };
}

const down = (url: string, lastError: string) =>
  target({ url, up: false, lastError });

describe('explainEmptyErrorList', () => {
  it('blames nothing when scraping works and the defaults are on', () => {
    expect(
      explainEmptyErrorList(DEFAULT_ERROR_LIST_VIEW, [target()], 'x'),
    ).toEqual({
      reason: 'filters',
      title: 'No open errors in the last 24 hours',
      details: ['1 of 1 target up: the list is up to date.'],
      canResetFilters: false,
    });
  });

  it('mentions the filters that narrow the list', () => {
    const explanation = explainEmptyErrorList(
      {
        ...DEFAULT_ERROR_LIST_VIEW,
        query: 'token',
        severities: ['error', 'warning'],
        status: 'all',
        window: '1h',
      },
      undefined,
      'x',
    );
    expect(explanation.title).toBe(
      'No errors in the last hour matching “token” with severity error or warning',
    );
    expect(explanation.details).toEqual([
      'Clear the search or the severity filter to see more.',
    ]);
    expect(explanation.canResetFilters).toBe(true);
  });

  it('says the service is not scraped when every target is down', () => {
    const explanation = explainEmptyErrorList(
      DEFAULT_ERROR_LIST_VIEW,
      [
        down('http://a:1/-/exceptions', 'connection refused (a:1)'),
        down('http://b:1/-/exceptions', 'timed out after 10s'),
      ],
      'x',
    );
    expect(explanation.reason).toBe('down');
    expect(explanation.title).toBe(
      'This service is not being scraped: 2 of 2 targets down',
    );
    expect(explanation.details[0]).toBe(
      'http://a:1/-/exceptions: connection refused (a:1)',
    );
  });

  it('says "not scraped yet" for targets without a scrape', () => {
    const explanation = explainEmptyErrorList(
      DEFAULT_ERROR_LIST_VIEW,
      [target({ lastScrapeAt: null, lastSuccessAt: null, up: false })],
      'x',
    );
    expect(explanation.reason).toBe('pending');
    expect(explanation.title).toBe('Not scraped yet');
  });

  it('points at the annotation when there are no targets', () => {
    expect(
      explainEmptyErrorList(DEFAULT_ERROR_LIST_VIEW, [], 'ftp://files'),
    ).toMatchObject({
      reason: 'no-targets',
      title: 'This service has no scrape targets',
      details: [
        "The periskop.io/targets annotation has a problem; fix it in the entity's catalog-info.yaml.",
      ],
    });
    expect(
      explainEmptyErrorList(DEFAULT_ERROR_LIST_VIEW, [], 'dns+a://api:8080')
        .details[0],
    ).toMatch(/valid, but no instance has been discovered/);
  });

  it('warns that a partly scraped service may hide errors', () => {
    const explanation = explainEmptyErrorList(
      DEFAULT_ERROR_LIST_VIEW,
      [
        target(),
        down('http://b:1/-/exceptions', 'HTTP 503 Service Unavailable'),
      ],
      'x',
    );
    expect(explanation.reason).toBe('filters');
    expect(explanation.details).toEqual([
      'Only 1 of 2 targets up: errors of the others are not seen (http://b:1/-/exceptions: HTTP 503 Service Unavailable).',
    ]);
  });

  describe('on an entity that only pushes (no targets annotation)', () => {
    const pushed = (lastPushAt: string) =>
      target({
        origin: 'push',
        url: 'push:job-1',
        instance: 'job-1',
        source: 'push',
        lastScrapeAt: lastPushAt,
        lastSuccessAt: lastPushAt,
        durationMs: null,
      });

    it('tells how to push when nothing was pushed, not that targets are missing', () => {
      const explanation = explainEmptyErrorList(
        DEFAULT_ERROR_LIST_VIEW,
        [],
        '',
      );
      expect(explanation.reason).toBe('no-pushes');
      expect(explanation.title).toBe('Nothing pushed yet');
      expect(explanation.details.join(' ')).toMatch(/Create a push key/);
      expect(explanation.details.join(' ')).not.toMatch(/no scrape target/i);
    });

    it('says when the last push was, and that the window hides an older one', () => {
      const recent = explainEmptyErrorList(
        DEFAULT_ERROR_LIST_VIEW,
        [pushed(new Date(Date.now() - 2 * 3600_000).toISOString())],
        '',
      );
      expect(recent.reason).toBe('filters');
      expect(recent.details).toEqual([
        '1 pushed instance, last push 2 hours ago: the list shows everything pushed so far.',
      ]);

      const old = explainEmptyErrorList(
        DEFAULT_ERROR_LIST_VIEW,
        [pushed(new Date(Date.now() - 3 * 24 * 3600_000).toISOString())],
        '',
      );
      expect(old.details[1]).toBe(
        'The last push is older than the time window; a longer window shows its errors.',
      );
    });
  });

  it('does not count pushed instances as scrape targets', () => {
    const explanation = explainEmptyErrorList(
      DEFAULT_ERROR_LIST_VIEW,
      [
        target(),
        target({
          origin: 'push',
          url: 'push:job-1',
          lastScrapeAt: '2020-01-01T00:00:00.000Z',
        }),
      ],
      'http://10.0.0.1:8080',
    );
    expect(explanation.details).toEqual([
      '1 of 1 target up: the list is up to date.',
    ]);
  });
});

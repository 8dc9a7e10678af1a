import {
  ParsedPayload,
  parsePeriskopPayload,
} from '@periskop-backstage/plugin-periskop-common';
import { readClientFixture } from '@periskop-backstage/plugin-periskop-common/testUtils';
import { aggregatePayload } from './aggregatePayload';
import { hashAggregationKey } from './hashAggregationKey';
import { instanceKeyOf } from './instanceKey';
import { countedAggregates } from './parsedAggregates';
import { DEFAULT_REDACTION_SETTINGS, REDACTED, Redaction } from './redaction';
import { InstanceState, InstanceUpdate, SampleRecord } from './types';

const redaction = new Redaction(DEFAULT_REDACTION_SETTINGS);
const NOW = Date.parse('2026-11-21T20:00:00Z');

function fixture(name: string): ParsedPayload {
  const result = parsePeriskopPayload(readClientFixture(name));
  if (!result.ok) throw new Error(result.reason);
  return result.payload;
}

/**
 * What the store does with the updates, reduced to maps: per-instance
 * counters and digests, lifetime totals and samples by uuid per group.
 */
class ServiceModel {
  readonly instances = new Map<
    string,
    { digest: string | null; lastCounts: Map<string, number> }
  >();
  readonly totals = new Map<string, number>();
  readonly samples = new Map<string, Map<string, SampleRecord>>();
  writes = 0;

  scrape(payload: ParsedPayload, url = 'http://10.0.0.1:8080/-/exceptions') {
    const key = instanceKeyOf(payload.targetUuid, url);
    const instance = this.instances.get(key) ?? {
      digest: null,
      lastCounts: new Map<string, number>(),
    };
    const state: InstanceState = {
      countersDigest: instance.digest,
      lastCounts: instance.lastCounts,
    };
    const update = aggregatePayload({
      aggregates: countedAggregates(payload),
      state,
      now: NOW,
      redaction,
    });
    if (update) this.apply(key, instance, update);
    this.instances.set(key, instance);
    return update;
  }

  private apply(
    _key: string,
    instance: { digest: string | null; lastCounts: Map<string, number> },
    update: InstanceUpdate,
  ) {
    this.writes += 1;
    instance.digest = update.countersDigest;
    for (const group of update.groups) {
      instance.lastCounts.set(group.keyHash, group.currentCount);
      this.totals.set(
        group.aggregationKey,
        (this.totals.get(group.aggregationKey) ?? 0) + group.delta,
      );
      const byUuid = this.samples.get(group.aggregationKey) ?? new Map();
      for (const sample of group.samples) byUuid.set(sample.uuid, sample);
      this.samples.set(group.aggregationKey, byUuid);
    }
  }
}

describe('aggregatePayload', () => {
  it('counts the Go sequence exactly: 12 + 4 + 2 = 18 across a restart', () => {
    const service = new ServiceModel();
    service.scrape(fixture('go/01-initial.json'));
    expect(service.totals.get('*json.SyntaxError@e05c331d')).toBe(12);
    expect(service.totals.get('*errors.errorString@29ef46ad')).toBe(2);

    const second = service.scrape(fixture('go/02-after-5-more.json'))!;
    expect(second.newOccurrences).toBe(5);
    expect(second.groups.map(g => [g.aggregationKey, g.delta]).sort()).toEqual([
      ['*errors.errorString@29ef46ad', 1],
      ['*json.SyntaxError@e05c331d', 4],
    ]);

    service.scrape(fixture('go/03-after-restart-2-more.json'));
    expect(service.totals.get('*json.SyntaxError@e05c331d')).toBe(18);
    expect(service.totals.get('*errors.errorString@29ef46ad')).toBe(3);
    expect(service.totals.get('payments/provider rejected #1')).toBe(1);
    // the restarted process is a new instance
    expect(service.instances.size).toBe(2);
  });

  it('counts the Go sequence without target_uuid by URL: the drop to 2 still counts 2', () => {
    const service = new ServiceModel();
    for (const name of [
      'go/01-initial.json',
      'go/02-after-5-more.json',
      'go/03-after-restart-2-more.json',
    ]) {
      service.scrape({ ...fixture(name), targetUuid: null });
    }
    expect(service.instances.size).toBe(1);
    expect(service.totals.get('*json.SyntaxError@e05c331d')).toBe(18);
  });

  it('counts the Python sequence exactly: 12 + 5 + 1 = 18', () => {
    const service = new ServiceModel();
    service.scrape(fixture('python/01-initial.json'));
    service.scrape(fixture('python/02-after-6-more.json'));
    service.scrape(fixture('python/03-after-restart-1-more.json'));
    expect(service.totals.get('JSONDecodeError@876ba4a6')).toBe(18);
    expect(service.totals.get('ValueError@50aeab06')).toBe(4);
    expect(service.totals.get('KeyError@4ae5dfde')).toBe(2);
  });

  it('writes nothing when the same payload is applied again', () => {
    const service = new ServiceModel();
    const payload = fixture('go/01-initial.json');
    expect(service.scrape(payload)).not.toBeNull();
    expect(service.scrape(payload)).toBeNull();
    expect(service.scrape(fixture('go/01-initial.json'))).toBeNull();
    expect(service.writes).toBe(1);
    expect(service.totals.get('*json.SyntaxError@e05c331d')).toBe(12);
  });

  it('lists only the groups whose counters changed', () => {
    const service = new ServiceModel();
    service.scrape(fixture('python/01-initial.json'));
    const update = service.scrape(fixture('python/02-after-6-more.json'))!;
    expect(update.groups.map(g => g.aggregationKey).sort()).toEqual([
      'JSONDecodeError@876ba4a6',
      'ValueError@50aeab06',
    ]);
  });

  it('hands over samples that de-duplicate by uuid across scrapes', () => {
    const service = new ServiceModel();
    const first = fixture('go/01-initial.json');
    const second = fixture('go/02-after-5-more.json');
    service.scrape(first);
    service.scrape(second);
    const key = '*json.SyntaxError@e05c331d';
    const uuids = (p: ParsedPayload) =>
      p.aggregates
        .find(a => a.aggregationKey === key)!
        .samples.map(s => s.uuid);
    const union = new Set([...uuids(first), ...uuids(second)]);
    expect(union.size).toBeLessThan(uuids(first).length + uuids(second).length);
    expect(service.samples.get(key)!.size).toBe(union.size);
  });

  it('redacts Authorization and Cookie values and keeps other headers', () => {
    const update = new ServiceModel().scrape(fixture('go/01-initial.json'))!;
    const group = update.groups.find(
      g => g.aggregationKey === '*errors.errorString@29ef46ad',
    )!;
    for (const sample of group.samples) {
      expect(
        JSON.parse(sample.content.json).httpContext.requestHeaders,
      ).toEqual({
        Authorization: REDACTED,
        Cookie: REDACTED,
        'X-Request-Id': expect.stringMatching(/^req-/),
      });
    }
    expect(JSON.stringify(update)).not.toContain('s3cr3t-token');
    expect(JSON.stringify(update)).not.toContain('session=abc123');
  });

  it('redacts the Python client Basic credentials', () => {
    const update = new ServiceModel().scrape(
      fixture('python/01-initial.json'),
    )!;
    expect(JSON.stringify(update)).not.toContain('dXNlcjpwYXNz');
    expect(JSON.stringify(update)).toContain('application/json');
  });

  it('keeps messages with HTML verbatim', () => {
    const update = new ServiceModel().scrape(fixture('go/01-initial.json'))!;
    const group = update.groups.find(
      g => g.aggregationKey === '*errors.errorString@398ace69',
    )!;
    expect(group.message).toBe(
      "<script>alert('x')</script> & <img src=x onerror=alert(1)>",
    );
  });

  it('describes a group by its newest sample', () => {
    const update = new ServiceModel().scrape(fixture('go/01-initial.json'))!;
    const warning = update.groups.find(
      g => g.aggregationKey === '*errors.errorString@93fdfbea',
    )!;
    expect(warning.severity).toBe('warning');
    const newest = Math.max(...warning.samples.map(s => s.timestampMs));
    expect(warning.latestSampleAt).toBe(newest);
    expect(warning.lastSeen).toBe(newest);
    expect(warning.firstSeen).toBeLessThanOrEqual(
      Math.min(...warning.samples.map(s => s.timestampMs)),
    );
    expect(warning.keyHash).toBe(hashAggregationKey(warning.aggregationKey));
  });

  it('makes the whole cause chain and the request URL searchable', () => {
    const ruby = new ServiceModel().scrape(fixture('ruby/01-initial.json'))!;
    const withCause = ruby.groups.find(
      g => g.aggregationKey === 'ArgumentError@8a4c3162',
    )!;
    expect(withCause.searchText).toContain('zerodivisionerror');
    expect(withCause.searchText).toContain('http://example.com');
    expect(withCause.searchText).toBe(withCause.searchText.toLowerCase());
  });

  it('counts the push gateway as it reports (its own double counting included)', () => {
    const service = new ServiceModel();
    service.scrape(fixture('pushgateway/01-after-pushes.json'));
    expect(service.totals.get('*json.SyntaxError@7cbaee0a')).toBe(20);
    expect(service.totals.get('my/custom key')).toBe(2);
  });

  it('treats a lower counter as a restart and a reset to the same value as no occurrence', () => {
    const payload = (count: number): ParsedPayload => ({
      targetUuid: null,
      aggregates: [
        {
          aggregationKey: 'E@1',
          totalCount: count,
          severity: 'error',
          createdAt: null,
          samples: [],
        },
      ],
    });
    const service = new ServiceModel();
    service.scrape(payload(5));
    service.scrape(payload(3)); // restarted, 3 new
    service.scrape(payload(3));
    service.scrape(payload(7)); // 4 more
    expect(service.totals.get('E@1')).toBe(12);
  });

  it('names a group without samples after its key and dates it at the scrape', () => {
    const update = aggregatePayload({
      aggregates: countedAggregates({
        targetUuid: 't',
        aggregates: [
          {
            aggregationKey: 'TimeoutError@abcd1234',
            totalCount: 2,
            severity: 'warning',
            createdAt: null,
            samples: [],
          },
        ],
      }),
      state: { countersDigest: null, lastCounts: new Map() },
      now: NOW,
      redaction,
    })!;
    expect(update.groups[0]).toMatchObject({
      errorClass: 'TimeoutError',
      severity: 'warning',
      lastSeen: NOW,
      firstSeen: NOW,
      latestSampleAt: null,
      delta: 2,
    });
  });
});

describe('aggregatePayload redaction of keys', () => {
  const keyed = (aggregationKey: string, totalCount: number) =>
    countedAggregates({
      targetUuid: 't',
      aggregates: [
        {
          aggregationKey,
          totalCount,
          severity: 'error',
          createdAt: null,
          samples: [],
        },
      ],
    });

  it('stores and indexes the redacted key but identifies the group by the raw one', () => {
    // periskop-go puts the message into the key
    const rawKeys = [
      'charge failed for card 4111111111111111',
      'charge failed for card 5500005555555559',
    ];
    const updates = rawKeys.map(
      key =>
        aggregatePayload({
          aggregates: keyed(key, 1),
          state: { countersDigest: null, lastCounts: new Map() },
          now: NOW,
          redaction,
        })!.groups[0],
    );
    for (const [i, group] of updates.entries()) {
      expect(group.keyHash).toBe(hashAggregationKey(rawKeys[i]));
      expect(group.aggregationKey).toBe(`charge failed for card ${REDACTED}`);
      expect(group.errorClass).toBe(`charge failed for card ${REDACTED}`);
      expect(group.searchText).not.toMatch(/4111|5500/);
    }
    // two keys that read alike once redacted are still two groups
    expect(updates[0].keyHash).not.toBe(updates[1].keyHash);
  });

  it('counts by the raw key across scrapes, so deltas stay exact', () => {
    const key = 'token=abc123 rejected';
    const lastCounts = new Map([[hashAggregationKey(key), 5]]);
    const update = aggregatePayload({
      aggregates: keyed(key, 7),
      state: { countersDigest: 'before', lastCounts },
      now: NOW,
      redaction,
    })!;
    expect(update.groups[0]).toMatchObject({
      aggregationKey: `token=${REDACTED} rejected`,
      delta: 2,
    });
  });
});

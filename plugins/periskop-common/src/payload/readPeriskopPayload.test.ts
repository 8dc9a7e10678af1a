import { listClientFixtures, readClientFixture } from '../testUtils';
import { parsePeriskopPayload } from './parsePeriskopPayload';
import { readPeriskopPayload } from './readPeriskopPayload';
import { scanPayloadDocument } from './scanPayloadDocument';
import type { ParseResult, ReadPayloadResult } from './types';
import { wireAggregate, wireSample } from './__testUtils__/wirePayloads';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The lazy read with every aggregate's samples read, shaped like a whole parse. */
function readWhole(body: string | Uint8Array): ParseResult {
  const read: ReadPayloadResult = readPeriskopPayload(body, { maxKeys: 100 });
  if (!read.ok) {
    return read;
  }
  const warnings = [...read.warnings];
  const aggregates = read.aggregates.map(({ readSamples, ...head }) => {
    const samples = readSamples();
    warnings.push(...samples.warnings);
    return { ...head, samples: samples.samples };
  });
  return {
    ok: true,
    payload: { targetUuid: read.targetUuid, aggregates },
    warnings,
  };
}

/**
 * Both readers agree, on the text and on its UTF-8 bytes: the same payload,
 * the same warnings (in any order).
 */
function expectSameAsWholeParse(body: string) {
  expectSameReading(body, readWhole(utf8(body)));
  expectSameReading(body, readWhole(body));
}

function expectSameReading(body: string, lazy: ParseResult) {
  const whole = parsePeriskopPayload(body, { maxKeys: 100 });
  if (!whole.ok || !lazy.ok) {
    expect(lazy).toEqual(whole);
    return;
  }
  expect(lazy.payload).toEqual(whole.payload);
  // the whole parse also parsed (and warned about) the samples of a
  // repeated key before dropping it; the lazy read never looks at them
  const dropped = whole.warnings
    .filter(w => w.reason.startsWith('duplicate aggregation_key'))
    .map(w => w.path.replace(/aggregation_key$/, 'latest_errors'));
  const expected = whole.warnings.filter(
    w => !dropped.some(path => w.path.startsWith(path)),
  );
  const byPath = (a: { path: string }, b: { path: string }) =>
    a.path.localeCompare(b.path);
  expect([...lazy.warnings].sort(byPath)).toEqual(expected.sort(byPath));
}

describe('readPeriskopPayload', () => {
  it.each(listClientFixtures())(
    'reads the client fixture %s as the whole parse does',
    name => {
      const body = readClientFixture(name);
      expect(() => scanPayloadDocument(utf8(body))).not.toThrow();
      expectSameAsWholeParse(body);
      // and indented, as some clients pretty-print
      expectSameAsWholeParse(JSON.stringify(JSON.parse(body), null, 2));
    },
  );

  it('does not decode the samples until asked, and decodes them once', () => {
    const body = JSON.stringify({
      aggregated_errors: [
        wireAggregate({ aggregation_key: 'A', total_count: 3 }),
        wireAggregate({ aggregation_key: 'B', total_count: 4 }),
      ],
      target_uuid: 't-1',
    });
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const read = readPeriskopPayload(body);
      if (!read.ok) throw new Error(read.reason);
      expect(read.targetUuid).toBe('t-1');
      expect(
        read.aggregates.map(a => [a.aggregationKey, a.totalCount]),
      ).toEqual([
        ['A', 3],
        ['B', 4],
      ]);
      const decodedSamples = () =>
        parse.mock.calls.filter(([text]) => String(text).startsWith('[{'));
      expect(decodedSamples()).toHaveLength(0);
      const first = read.aggregates[1].readSamples();
      expect(first.samples.map(s => s.uuid)).toEqual(['u-1']);
      expect(read.aggregates[1].readSamples()).toBe(first);
      expect(decodedSamples()).toHaveLength(1);
    } finally {
      parse.mockRestore();
    }
  });

  it.each([
    [
      'keys in any order and odd spacing',
      `{ "target_uuid" : "t" ,\n"aggregated_errors":[ {"latest_errors" : [ ] , "total_count":2,"aggregation_key":"K"} ]\t}`,
    ],
    [
      'escapes in keys and values',
      JSON.stringify({
        aggregated_errors: [
          wireAggregate({
            aggregation_key: 'a"b\\c\u00e9\n',
            latest_errors: [
              wireSample({
                error: {
                  class: 'X"]}',
                  message: '\\"[{',
                  stacktrace: [],
                  cause: null,
                },
              }),
            ],
          }),
        ],
      }),
    ],
    [
      'escaped member names',
      '{"aggregated\\u005ferrors":[{"aggregation\\u005fkey":"K","total_count":1}]}',
    ],
    [
      'numbers in every form',
      '{"aggregated_errors":[{"aggregation_key":"A","total_count":1e1},{"aggregation_key":"B","total_count":-1},{"aggregation_key":"C","total_count":2.5},{"aggregation_key":"D","total_count":0}]}',
    ],
    [
      'repeated members (the last wins, as in JSON.parse)',
      '{"aggregated_errors":[],"aggregated_errors":[{"aggregation_key":"K","total_count":1,"total_count":2}]}',
    ],
    [
      'repeated keys (the first is kept)',
      JSON.stringify({
        aggregated_errors: [wireAggregate(), wireAggregate({ total_count: 9 })],
      }),
    ],
    [
      'items that are not objects',
      '{"aggregated_errors":[null,1,"x",[1,{"a":"]"}],{"aggregation_key":"K","total_count":1}]}',
    ],
    [
      'latest_errors that is not an array',
      JSON.stringify({
        aggregated_errors: [
          wireAggregate({ latest_errors: { a: 1 } }),
          wireAggregate({ aggregation_key: 'N', latest_errors: null }),
        ],
      }),
    ],
    [
      'unknown members of every type',
      '{"x":{"a":[1,{"b":"}"}]},"aggregated_errors":[{"y":[true,false,null],"aggregation_key":"K","total_count":1}],"z":null}',
    ],
    [
      'a member named __proto__',
      '{"__proto__":{"aggregated_errors":1},"aggregated_errors":[{"__proto__":{"total_count":5},"aggregation_key":"K","total_count":1}]}',
    ],
    [
      'a byte-order mark',
      `\ufeff${JSON.stringify({ aggregated_errors: [wireAggregate()] })}`,
    ],
    ['no target_uuid and an empty list', '{"aggregated_errors":[]}'],
    [
      'a target_uuid that is not a string',
      '{"aggregated_errors":[],"target_uuid":42}',
    ],
    ['aggregated_errors that is not an array', '{"aggregated_errors":{"a":1}}'],
    ['aggregated_errors missing', '{"errors":[]}'],
    ['a top level that is not an object', '[1,2]'],
    ['text that is not JSON', '{"aggregated_errors":[{"aggregation_key":"K",'],
    ['text after the object', '{"aggregated_errors":[]} x'],
    ['an empty body', ''],
    [
      'an unterminated string',
      '{"aggregated_errors":[{"aggregation_key":"K}]}',
    ],
    [
      'a trailing comma',
      '{"aggregated_errors":[{"aggregation_key":"K","total_count":1},]}',
    ],
  ])('agrees with the whole parse on %s', (_, body) => {
    expectSameAsWholeParse(body);
  });

  it('reads bytes with multi-byte characters and a UTF-8 byte-order mark', () => {
    const text = JSON.stringify({
      aggregated_errors: [
        wireAggregate({
          aggregation_key: 'Fehler@é𝄞',
          latest_errors: [
            wireSample({
              error: {
                class: 'Ärger',
                message: '"ü"',
                stacktrace: ['日本'],
                cause: null,
              },
            }),
          ],
        }),
      ],
      target_uuid: 'ü-1',
    });
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    expect(() => scanPayloadDocument(bytes)).not.toThrow();
    expect(readWhole(bytes)).toEqual(readWhole(text));
    const read = readPeriskopPayload(bytes);
    if (!read.ok) throw new Error(read.reason);
    expect(read.aggregates[0].aggregationKey).toBe('Fehler@é𝄞');
    expect(read.aggregates[0].readSamples().samples[0].error.class).toBe(
      'Ärger',
    );
  });

  it('rejects more keys than the limit without reading any sample', () => {
    const body = JSON.stringify({
      aggregated_errors: [
        wireAggregate({ aggregation_key: 'A' }),
        wireAggregate({ aggregation_key: 'B' }),
      ],
    });
    expect(readPeriskopPayload(body, { maxKeys: 1 })).toEqual({
      ok: false,
      reason: 'too many error keys: 2 (limit 1)',
    });
  });

  it('reports samples that are not JSON when they are read, and keeps the count', () => {
    // damage inside samples is found only when they are decoded: the
    // shallow reader checks strings and brackets of what it skips
    const body =
      '{"aggregated_errors":[{"aggregation_key":"K","total_count":3,"latest_errors":[{"uuid":tru}]}]}';
    const read = readPeriskopPayload(body);
    if (!read.ok) throw new Error(read.reason);
    expect(read.aggregates[0].totalCount).toBe(3);
    const { samples, warnings } = read.aggregates[0].readSamples();
    expect(samples).toEqual([]);
    expect(warnings).toEqual([
      {
        path: 'aggregated_errors[0].latest_errors',
        reason:
          'latest_errors is not valid JSON (unexpected character, expected a value at line 1, column 10 of it); samples ignored',
      },
    ]);
  });

  it('agrees with the whole parse on randomly shaped payloads', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    const scalar = () =>
      pick<unknown>([
        null,
        true,
        false,
        0,
        -3.5e2,
        '',
        'q"uo\\te',
        '}]{[',
        '\u2028 é 𝄞',
        'a',
      ]);
    const value = (depth: number): unknown => {
      if (depth > 2 || random() < 0.5) return scalar();
      return random() < 0.5
        ? Array.from({ length: Math.floor(random() * 3) }, () =>
            value(depth + 1),
          )
        : Object.fromEntries(
            Array.from({ length: Math.floor(random() * 3) }, (_, i) => [
              pick(['a', 'b"', `k${i}`, 'total_count']),
              value(depth + 1),
            ]),
          );
    };
    for (let run = 0; run < 300; run++) {
      const aggregates = Array.from(
        { length: Math.floor(random() * 5) },
        (_, i) => {
          const aggregate: Record<string, unknown> = wireAggregate({
            aggregation_key: pick([`K${i}`, 'K0', '', 'k"\\']),
            total_count: pick<unknown>([i, 1.5, -1, '3', null, 10 ** 6]),
            severity: pick<unknown>(['error', 'warning', 'bogus', 3]),
            created_at: pick<unknown>([
              undefined,
              'nope',
              '2026-11-21T19:21:20Z',
            ]),
            latest_errors: pick<unknown>([
              [wireSample({ uuid: `u${run}` }), value(0)],
              value(0),
              [],
            ]),
          });
          if (random() < 0.3) aggregate[pick(['extra', 'x'])] = value(0);
          return random() < 0.1 ? value(0) : aggregate;
        },
      );
      const document: Record<string, unknown> = {
        aggregated_errors: aggregates,
      };
      if (random() < 0.5) document.target_uuid = pick<unknown>(['t', 1, '']);
      if (random() < 0.3) document.other = value(0);
      const body = JSON.stringify(document, null, pick([undefined, 1, '\t']));
      // valid JSON never needs the JSON.parse fallback
      expect(() => scanPayloadDocument(utf8(body))).not.toThrow();
      expectSameAsWholeParse(body);
    }
  });
});

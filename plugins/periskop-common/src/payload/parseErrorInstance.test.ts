import { MAX_CAUSE_DEPTH } from './parseErrorInstance';
import {
  parseAggregates,
  wireAggregate,
  wireSample,
} from './__testUtils__/wirePayloads';

// Per-item validation, through the public parser so that the warning
// paths are the ones callers see.
describe('parseErrorInstance', () => {
  describe('errors and stack traces', () => {
    it('converts non-string stack trace entries to text with a warning', () => {
      const { payload, warnings } = parseAggregates([
        wireAggregate({
          latest_errors: [
            wireSample({
              error: {
                class: 'C',
                message: 'm',
                stacktrace: ['a', 42, null, { file: 'x.go', line: 3 }],
                cause: null,
              },
            }),
          ],
        }),
      ]);
      expect(payload.aggregates[0].samples[0].error.stacktrace).toEqual([
        'a',
        '42',
        '',
        '{"file":"x.go","line":3}',
      ]);
      expect(warnings).toEqual([
        {
          path: 'aggregated_errors[0].latest_errors[0].error.stacktrace',
          reason:
            '3 stack trace entries were not a string and converted to text',
        },
      ]);
    });

    it('treats a missing stack trace as empty and a non-array one as empty with a warning', () => {
      const { payload, warnings } = parseAggregates([
        wireAggregate({
          latest_errors: [
            wireSample({ uuid: 'a', error: { class: 'C', message: 'm' } }),
            wireSample({
              uuid: 'b',
              error: { class: 'C', message: 'm', stacktrace: 'a\nb' },
            }),
          ],
        }),
      ]);
      expect(
        payload.aggregates[0].samples.map(s => s.error.stacktrace),
      ).toEqual([[], []]);
      expect(warnings).toEqual([
        {
          path: 'aggregated_errors[0].latest_errors[1].error.stacktrace',
          reason:
            'stacktrace is a string instead of an array of strings; ignored',
        },
      ]);
    });

    it('repairs a missing or non-string message', () => {
      const { payload, warnings } = parseAggregates([
        wireAggregate({
          latest_errors: [
            wireSample({ uuid: 'a', error: { class: 'C', stacktrace: [] } }),
            wireSample({
              uuid: 'b',
              error: { class: 'C', message: 404, stacktrace: [] },
            }),
          ],
        }),
      ]);
      expect(payload.aggregates[0].samples.map(s => s.error.message)).toEqual([
        '',
        '404',
      ]);
      expect(warnings).toEqual([
        {
          path: 'aggregated_errors[0].latest_errors[1].error.message',
          reason: 'message is a number; converted to text',
        },
      ]);
    });

    it('drops a malformed cause but keeps the sample', () => {
      const { payload, warnings } = parseAggregates([
        wireAggregate({
          latest_errors: [
            wireSample({
              error: {
                class: 'Outer',
                message: 'm',
                stacktrace: [],
                cause: { class: 'Mid', message: 'm', cause: 'oops' },
              },
            }),
          ],
        }),
      ]);
      expect(payload.aggregates[0].samples[0].error).toEqual({
        class: 'Outer',
        message: 'm',
        stacktrace: [],
        cause: { class: 'Mid', message: 'm', stacktrace: [], cause: null },
      });
      expect(warnings).toEqual([
        {
          path: 'aggregated_errors[0].latest_errors[0].error.cause.cause',
          reason: 'error is a string, expected an object; cause dropped',
        },
      ]);
    });

    it(`cuts cause chains deeper than ${MAX_CAUSE_DEPTH} levels`, () => {
      let error: Record<string, unknown> = { class: 'E0', message: '' };
      for (let i = 1; i <= 100000; i++) {
        error = { class: `E${i}`, message: '', cause: error };
      }
      const { payload, warnings } = parseAggregates([
        wireAggregate({ latest_errors: [wireSample({ error })] }),
      ]);
      let depth = 0;
      let current = payload.aggregates[0].samples[0].error;
      while (current.cause) {
        current = current.cause;
        depth++;
      }
      expect(depth).toBe(MAX_CAUSE_DEPTH);
      expect(warnings).toHaveLength(1);
      expect(warnings[0].reason).toBe(
        `cause chain is deeper than ${MAX_CAUSE_DEPTH} levels; cut off here`,
      );
      expect(warnings[0].path).toBe(
        `aggregated_errors[0].latest_errors[0].error${'.cause'.repeat(
          MAX_CAUSE_DEPTH + 1,
        )}`,
      );
    });

    it('survives a cyclic cause in an already parsed object', () => {
      const error: Record<string, unknown> = { class: 'Loop', message: '' };
      error.cause = error;
      const result = parseAggregates([
        wireAggregate({ latest_errors: [wireSample({ error })] }),
      ]);
      expect(result.payload.aggregates[0].samples).toHaveLength(1);
      expect(result.warnings).toHaveLength(1);
    });
  });
});

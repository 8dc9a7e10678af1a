import { ConfigReader } from '@backstage/config';
import { readPeriskopConfig } from './PeriskopConfig';

const read = (notifications: unknown) =>
  readPeriskopConfig(new ConfigReader({ periskop: { notifications } } as any))
    .notifications;

describe('periskop.notifications', () => {
  it('reads every key', () => {
    expect(
      read({
        enabled: false,
        minSeverity: 'error',
        events: ['regressed', 'regressed'],
        quietPeriod: { minutes: 10 },
      }),
    ).toEqual({
      enabled: false,
      minSeverity: 'error',
      events: ['regressed'],
      quietPeriodMs: 600_000,
    });
    expect(read({ enabled: true, quietPeriod: 'PT2H' })).toMatchObject({
      enabled: true,
      quietPeriodMs: 7_200_000,
    });
  });

  it.each([
    [
      { enabled: 'sometimes' },
      /periskop\.notifications\.enabled must be true or false, got "sometimes"/,
    ],
    [
      { minSeverity: 'fatal' },
      /periskop\.notifications\.minSeverity must be one of error, warning, info, got "fatal"/,
    ],
    [
      { events: [] },
      /periskop\.notifications\.events must list one or more of new, regressed \(set periskop\.notifications\.enabled to false to send none\)/,
    ],
    [
      { events: ['new', 'resolved'] },
      /periskop\.notifications\.events\[1\] must be one of new, regressed, got "resolved"/,
    ],
    [
      { events: 'new' },
      /periskop\.notifications\.events must list one or more of new, regressed/,
    ],
    [
      { quietPeriod: { minutes: 0 } },
      /periskop\.notifications\.quietPeriod must be a positive duration/,
    ],
    [
      { quietPeriod: 'soon' },
      /periskop\.notifications\.quietPeriod must be a duration/,
    ],
  ])(
    'refuses %j at startup with a message naming the key',
    (value, message) => {
      expect(() => read(value)).toThrow(message);
    },
  );
});

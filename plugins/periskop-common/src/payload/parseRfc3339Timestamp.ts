/**
 * A timestamp normalised to UTC with millisecond precision.
 * @public
 */
export interface NormalisedTimestamp {
  /** ISO-8601 in UTC with milliseconds, e.g. `2026-11-21T19:21:20.894Z`. */
  iso: string;
  /** Milliseconds since the epoch. */
  ms: number;
}

// One regex per timestamp (not per character). Lenient where RFC 3339 itself
// is: lower-case `t`/`z`, a space instead of `T`, any number of fraction
// digits (Go trims trailing zeros, so 7 or 8 digits occur). Offsets without a
// colon are accepted too because some serialisers write `+0200`.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

const MS_PER_DAY = 86_400_000;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). Plain arithmetic: this runs for every sample of payloads
 * with tens of thousands of them, where Date objects showed up in profiles.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 +
    Math.floor(yearOfEra / 4) -
    Math.floor(yearOfEra / 100) +
    dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Parses an RFC 3339 timestamp of any precision (seconds, milliseconds,
 * nanoseconds) and any offset, and normalises it to UTC with milliseconds.
 *
 * Fractions beyond milliseconds are truncated, not rounded, so that the order
 * of two samples in the same millisecond never flips.
 *
 * @param value - anything; only strings can parse
 * @returns the normalised timestamp, or `undefined` when `value` is not a
 *   valid RFC 3339 timestamp
 * @public
 */
export function parseRfc3339Timestamp(
  value: unknown,
): NormalisedTimestamp | undefined {
  if (typeof value !== 'string' || value.length > 64) {
    return undefined;
  }
  const match = RFC3339.exec(value);
  if (!match) {
    return undefined;
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  // RFC 3339 allows a leap second (60); the arithmetic below rolls it into
  // the next minute.
  const second = Number(match[6]);
  const fraction = match[7] ? `${match[7]}00`.slice(0, 3) : '000';
  const millis = Number(fraction);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 60
  ) {
    return undefined;
  }

  let offsetMinutes = 0;
  if (!match[8]) {
    const offsetHours = Number(match[10]);
    const offsetMins = Number(match[11]);
    if (offsetHours > 23 || offsetMins > 59) {
      return undefined;
    }
    offsetMinutes =
      (match[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }

  const ms =
    daysFromCivil(year, month, day) * MS_PER_DAY +
    ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 +
    millis;
  // Fast path for the usual "...T..Z" form: the text already is ISO-8601 up
  // to the seconds. A leap second (60) needs Date's roll-over instead.
  if (match[8] === 'Z' && value.charCodeAt(10) === 84 /* T */ && second < 60) {
    return { iso: `${value.slice(0, 19)}.${fraction}Z`, ms };
  }
  return { iso: new Date(ms).toISOString(), ms };
}

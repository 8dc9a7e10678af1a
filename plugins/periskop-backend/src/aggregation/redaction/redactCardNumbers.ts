import { REDACTED } from './placeholder';

const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;

/** Digits, with single spaces or dashes between them, as cards are written. */
const DIGIT_RUN = /\d(?:[ -]?\d)*/g;
const SEPARATOR = /[ -]/;

/** Whether the digits pass the Luhn check that every card number passes. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Whether digits can be a payment card number: 13 to 19 digits, not
 * starting with 0 or 1 (no card network issues those; this leaves out
 * millisecond and nanosecond timestamps, which start with 1), and
 * Luhn-valid.
 */
export function looksLikeCardNumber(digits: string): boolean {
  return (
    digits.length >= MIN_CARD_DIGITS &&
    digits.length <= MAX_CARD_DIGITS &&
    digits[0] >= '2' &&
    isLuhnValid(digits)
  );
}

function hasEnoughDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57 && ++digits >= MIN_CARD_DIGITS) {
      return true;
    }
  }
  return false;
}

interface DigitGroup {
  start: number;
  end: number;
  digits: string;
}

function digitGroups(run: string, offset: number): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let start = 0;
  for (let i = 0; i <= run.length; i++) {
    if (i === run.length || SEPARATOR.test(run[i])) {
      groups.push({
        start: offset + start,
        end: offset + i,
        digits: run.slice(start, i),
      });
      start = i + 1;
    }
  }
  return groups;
}

/**
 * The spans of card numbers in one run of digit groups: a card starts and
 * ends at group boundaries (`4111 1111 1111 1111`, or 16 digits in one
 * group). Every start is tried, and overlapping candidates are merged: a
 * number in front that happens to make a Luhn-valid run ending inside a
 * card (`qty 6 4111 1111 1111 1111`) must not leave the card's end behind.
 */
function cardSpans(groups: DigitGroup[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    let longest = -1;
    for (let j = i; j < groups.length; j++) {
      digits += groups[j].digits;
      if (digits.length > MAX_CARD_DIGITS) {
        break;
      }
      if (looksLikeCardNumber(digits)) {
        longest = j;
      }
    }
    if (longest < 0) {
      continue;
    }
    const span: [number, number] = [groups[i].start, groups[longest].end];
    const previous = spans[spans.length - 1];
    if (previous && span[0] <= previous[1]) {
      previous[1] = Math.max(previous[1], span[1]);
    } else {
      spans.push(span);
    }
  }
  return spans;
}

/**
 * Replaces what looks like a payment card number (see
 * {@link looksLikeCardNumber}; digit groups may be separated by single
 * spaces or dashes) with `[REDACTED]`. A text with fewer than 13 digits is
 * returned at once.
 */
export function redactCardNumbers(text: string): string {
  if (!hasEnoughDigits(text)) {
    return text;
  }
  const spans: Array<[number, number]> = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const run = match[0];
    if (run.length >= MIN_CARD_DIGITS) {
      spans.push(...cardSpans(digitGroups(run, match.index!)));
    }
  }
  if (spans.length === 0) {
    return text;
  }
  let result = '';
  let last = 0;
  for (const [start, end] of spans) {
    result += text.slice(last, start) + REDACTED;
    last = end;
  }
  return result + text.slice(last);
}

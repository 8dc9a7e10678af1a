import { describeType, isObject } from './describeValue';
import { readOptionalArray } from './listItems';
import { toText } from './toText';
import type { ParsedErrorInstance } from './types';
import type { WarningCollector } from './WarningCollector';

/**
 * How deep a `cause` chain is followed. Deeper links are cut off (with a
 * warning) so that a hostile payload cannot exhaust the stack.
 * @public
 */
export const MAX_CAUSE_DEPTH = 32;

function parseStacktrace(
  raw: unknown,
  path: string,
  collector: WarningCollector,
): string[] {
  const lines = readOptionalArray(
    raw,
    path,
    collector,
    type => `stacktrace is ${type} instead of an array of strings; ignored`,
  );
  const stacktrace = new Array<string>(lines.length);
  let converted = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (typeof line === 'string') {
      stacktrace[i] = line;
    } else {
      // A frame that is not a string is still information: keep it as text
      // rather than losing the whole sample.
      stacktrace[i] = toText(line);
      converted++;
    }
  }
  if (converted > 0) {
    collector.add(
      path,
      `${converted} stack trace ${
        converted === 1 ? 'entry was' : 'entries were'
      } not a string and converted to text`,
    );
  }
  return stacktrace;
}

/**
 * Parses an error and its cause chain. Returns a reason string when the error
 * itself is unusable; a broken cause only cuts the chain.
 *
 * @param depth - how many causes deep `raw` is (0 for the sample's error)
 */
export function parseErrorInstance(
  raw: unknown,
  path: string,
  depth: number,
  collector: WarningCollector,
): ParsedErrorInstance | string {
  if (!isObject(raw)) {
    return `error is ${describeType(raw)}, expected an object`;
  }
  const errorClass = raw.class;
  if (typeof errorClass !== 'string') {
    return `error class is ${describeType(errorClass)}, expected a string`;
  }
  let message: string;
  const rawMessage = raw.message;
  if (typeof rawMessage === 'string') {
    message = rawMessage;
  } else if (rawMessage === undefined || rawMessage === null) {
    message = '';
  } else {
    message = toText(rawMessage);
    collector.add(
      `${path}.message`,
      `message is ${describeType(rawMessage)}; converted to text`,
    );
  }
  const stacktrace = parseStacktrace(
    raw.stacktrace,
    `${path}.stacktrace`,
    collector,
  );

  let cause: ParsedErrorInstance | null = null;
  const rawCause = raw.cause;
  if (rawCause !== undefined && rawCause !== null) {
    const causePath = `${path}.cause`;
    if (depth >= MAX_CAUSE_DEPTH) {
      collector.add(
        causePath,
        `cause chain is deeper than ${MAX_CAUSE_DEPTH} levels; cut off here`,
      );
    } else {
      const parsedCause = parseErrorInstance(
        rawCause,
        causePath,
        depth + 1,
        collector,
      );
      if (typeof parsedCause === 'string') {
        collector.add(causePath, `${parsedCause}; cause dropped`);
      } else {
        cause = parsedCause;
      }
    }
  }
  return { class: errorClass, message, stacktrace, cause };
}

import { types } from 'node:util';
import type { ErrorInstance } from './types';

/**
 * How deep a `cause` chain is followed; deeper causes are cut off.
 * @public
 */
export const MAX_CAUSE_DEPTH = 10;

/** Longest message built from a non-Error object (JSON); longer ones are cut. */
const MAX_OBJECT_MESSAGE_LENGTH = 1000;

/** Constructor names too generic to be the class when `name` says more. */
const GENERIC_CLASS_NAMES = new Set(['', 'Error', 'Object', 'DOMException']);

/** The first line of a V8 stack frame: indentation, then `at `. */
const V8_FRAME = /^\s+at\s/;

type ErrorLike = {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  cause?: unknown;
  constructor?: unknown;
};

function isErrorLike(value: unknown): value is ErrorLike {
  if (value instanceof Error || types.isNativeError(value)) {
    return true;
  }
  // Errors from other realms or libraries that imitate them.
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorLike).message === 'string' &&
    typeof (value as ErrorLike).stack === 'string'
  );
}

function constructorName(value: object): string {
  const ctor = (value as ErrorLike).constructor;
  if (typeof ctor === 'function' && typeof ctor.name === 'string') {
    return ctor.name;
  }
  return '';
}

/**
 * The class of an error: its constructor's name (`TypeError`,
 * `ValidationError`), unless that is generic (`Error`, `DOMException`) and
 * the error's `name` is more specific (`AbortError`, or a plain `Error` whose
 * `name` was set).
 */
function errorClass(error: ErrorLike & object): string {
  const ctorName = constructorName(error);
  const name = typeof error.name === 'string' ? error.name : '';
  if (GENERIC_CLASS_NAMES.has(ctorName) && name) {
    return name;
  }
  return ctorName || 'Error';
}

/**
 * Splits an `error.stack` string into trimmed frame lines, without the
 * `Name: message` header.
 *
 * @remarks
 * Pass the error's message when it is known: a header that spans several
 * lines (a message with line breaks) is then recognised exactly. Otherwise
 * the frames start at the first V8 frame line (`    at …`), or after the first
 * line of a stack in another format. Empty lines are dropped.
 *
 * @param stack - the value of `error.stack`; anything but a string gives `[]`.
 * @param message - the value of `error.message`, if known.
 * @public
 */
export function parseStackTrace(stack: unknown, message?: string): string[] {
  if (typeof stack !== 'string' || stack === '') {
    return [];
  }
  let frames: string[];
  const firstLineEnd = stack.indexOf('\n');
  const messageAt = message ? stack.indexOf(message) : -1;
  if (
    message &&
    messageAt >= 0 &&
    (firstLineEnd < 0 || messageAt <= firstLineEnd)
  ) {
    // The header is everything up to the end of the line the message ends on.
    const rest = stack.slice(messageAt + message.length);
    const restLineEnd = rest.indexOf('\n');
    frames = restLineEnd < 0 ? [] : rest.slice(restLineEnd + 1).split(/\r?\n/);
  } else {
    const lines = stack.split(/\r?\n/);
    const firstFrame = lines.findIndex(line => V8_FRAME.test(line));
    // Without a V8 frame (`Error.stackTraceLimit = 0`, or a hand-made
    // `stack`): everything after the header line.
    frames = lines.slice(firstFrame >= 0 ? firstFrame : 1);
  }
  return frames.map(line => line.trim()).filter(line => line !== '');
}

function stringifyObject(value: object): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    text = Object.prototype.toString.call(value);
  }
  return text.length > MAX_OBJECT_MESSAGE_LENGTH
    ? `${text.slice(0, MAX_OBJECT_MESSAGE_LENGTH)}…`
    : text;
}

function primitiveToString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

function convert(
  value: unknown,
  depth: number,
  seen: Set<object>,
): ErrorInstance {
  if (isErrorLike(value)) {
    seen.add(value);
    let cause: ErrorInstance | null = null;
    const rawCause = value.cause;
    if (
      rawCause !== undefined &&
      rawCause !== null &&
      depth < MAX_CAUSE_DEPTH &&
      !(typeof rawCause === 'object' && seen.has(rawCause))
    ) {
      cause = convert(rawCause, depth + 1, seen);
    }
    const message =
      typeof value.message === 'string'
        ? value.message
        : primitiveToString(value.message ?? '');
    return {
      class: errorClass(value),
      message,
      stacktrace: parseStackTrace(value.stack, message),
      cause,
    };
  }
  if (typeof value === 'object' && value !== null) {
    const ctorName = constructorName(value);
    return {
      class: GENERIC_CLASS_NAMES.has(ctorName) ? 'Error' : ctorName,
      message: stringifyObject(value),
      stacktrace: [],
      cause: null,
    };
  }
  return {
    class: 'Error',
    message: primitiveToString(value),
    stacktrace: [],
    cause: null,
  };
}

/**
 * Converts anything that can be thrown into an {@link ErrorInstance}.
 *
 * @remarks
 * - Errors (including errors from other realms and objects with a string
 *   `message` and `stack`): the constructor name as class (or `name`, when
 *   the constructor is a generic `Error` or `DOMException` and `name` is more
 *   specific), `message`, the frames of `stack` (see {@link parseStackTrace};
 *   `[]` without a stack) and the `cause`
 *   chain, followed at most {@link MAX_CAUSE_DEPTH} levels and cut where it
 *   loops back to an error already in the chain.
 * - Strings and other primitives (`undefined`, numbers, …): class `Error`,
 *   the value as message, no stack trace.
 * - Other objects: class from their constructor (`Error` for plain objects),
 *   their JSON (at most 1000 characters) as message, no stack trace.
 *
 * Never throws.
 *
 * @public
 */
export function toErrorInstance(value: unknown): ErrorInstance {
  try {
    return convert(value, 0, new Set());
  } catch {
    // A hostile getter or proxy; record what we can.
    return {
      class: 'Error',
      message: 'unreadable error value',
      stacktrace: [],
      cause: null,
    };
  }
}

import { parseRfc3339Timestamp } from './parseRfc3339Timestamp';
import type {
  ParseOptions,
  ParseResult,
  ParsedAggregate,
  ParsedErrorInstance,
  ParsedHttpContext,
  ParsedSample,
  PayloadWarning,
  PeriskopSeverity,
} from './types';

/**
 * How deep a `cause` chain is followed. Deeper links are cut off (with a
 * warning) so that a hostile payload cannot exhaust the stack.
 * @public
 */
export const MAX_CAUSE_DEPTH = 32;

const NOT_A_PAYLOAD = 'not a Periskop payload';
const MAX_DETAIL_LENGTH = 120;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names the JSON type of a value for messages, e.g. "a number". */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

function truncate(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function describeError(error: unknown): string {
  try {
    const message =
      error instanceof Error ? error.message : String(error ?? 'unknown');
    return truncate(message, MAX_DETAIL_LENGTH);
  } catch {
    return 'unknown error';
  }
}

/**
 * Turns a value that should have been a string into one. Only used to repair
 * odd items, never on the normal path (so no re-serialisation cost there).
 */
function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    try {
      const json = JSON.stringify(value);
      if (typeof json === 'string') return json;
    } catch {
      // Cycles or absurd depth: fall through to String().
    }
  }
  try {
    return String(value);
  } catch {
    return '[unprintable value]';
  }
}

/**
 * Maps a client's severity to ours. `undefined` means "not given", `null`
 * means "given but not one we know".
 */
function toSeverity(value: unknown): PeriskopSeverity | undefined | null {
  // Fast path: every known client sends lower-case names.
  if (value === 'error' || value === 'warning' || value === 'info') {
    return value;
  }
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    return null;
  }
  const lower = value.trim().toLowerCase();
  if (lower === 'error' || lower === 'warning' || lower === 'info') {
    return lower;
  }
  return null;
}

function describeValue(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(truncate(value, MAX_DETAIL_LENGTH))
    : describeType(value);
}

/** Collects warnings; one instance per parse. */
class WarningCollector {
  readonly warnings: PayloadWarning[] = [];

  add(path: string, reason: string): void {
    this.warnings.push({ path, reason });
  }
}

function parseStacktrace(
  raw: unknown,
  path: string,
  collector: WarningCollector,
): string[] {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (!Array.isArray(raw)) {
    collector.add(
      path,
      `stacktrace is ${describeType(
        raw,
      )} instead of an array of strings; ignored`,
    );
    return [];
  }
  const stacktrace = new Array<string>(raw.length);
  let converted = 0;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i];
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
 */
function parseErrorInstance(
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

function parseHeaders(
  raw: unknown,
  path: string,
  collector: WarningCollector,
): Record<string, string> {
  if (raw === undefined || raw === null) {
    return {};
  }
  if (!isObject(raw)) {
    collector.add(
      path,
      `request_headers is ${describeType(raw)}, expected an object; ignored`,
    );
    return {};
  }
  const entries: Array<[string, string]> = [];
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    if (typeof value === 'string') {
      entries.push([name, value]);
    } else if (Array.isArray(value)) {
      // Repeated headers (Go's http.Header shape): HTTP joins them with ", ".
      entries.push([name, value.map(toText).join(', ')]);
    } else {
      entries.push([name, toText(value)]);
    }
  }
  // fromEntries defines own properties, so a header called "__proto__"
  // cannot change the prototype of the result.
  return Object.fromEntries(entries);
}

function parseHttpContext(
  raw: unknown,
  path: string,
  collector: WarningCollector,
): ParsedHttpContext | null {
  if (raw === undefined || raw === null) {
    return null;
  }
  if (!isObject(raw)) {
    collector.add(
      path,
      `http_context is ${describeType(raw)}, expected an object; ignored`,
    );
    return null;
  }
  const requestMethod = toText(raw.request_method);
  const requestUrl = toText(raw.request_url);
  const requestHeaders = parseHeaders(
    raw.request_headers,
    `${path}.request_headers`,
    collector,
  );
  const rawBody = raw.request_body;
  const requestBody =
    rawBody === undefined || rawBody === null ? null : toText(rawBody);

  // The push gateway (and clients reporting outside a request) send a context
  // with only empty fields; that is "no context", not an empty request.
  if (
    requestMethod === '' &&
    requestUrl === '' &&
    (requestBody === null || requestBody === '') &&
    Object.keys(requestHeaders).length === 0
  ) {
    return null;
  }
  return { requestMethod, requestUrl, requestHeaders, requestBody };
}

function parseSample(
  raw: unknown,
  path: string,
  aggregateSeverity: PeriskopSeverity,
  collector: WarningCollector,
): ParsedSample | undefined {
  if (!isObject(raw)) {
    collector.add(
      path,
      `sample is ${describeType(raw)}, expected an object; skipped`,
    );
    return undefined;
  }
  const uuid = raw.uuid;
  if (typeof uuid !== 'string' || uuid === '') {
    collector.add(
      `${path}.uuid`,
      `uuid is ${describeValue(
        uuid,
      )}, expected a non-empty string; sample skipped`,
    );
    return undefined;
  }
  const timestamp = parseRfc3339Timestamp(raw.timestamp);
  if (!timestamp) {
    collector.add(
      `${path}.timestamp`,
      `timestamp is ${describeValue(
        raw.timestamp,
      )}, expected an RFC 3339 time; sample skipped`,
    );
    return undefined;
  }
  const error = parseErrorInstance(raw.error, `${path}.error`, 0, collector);
  if (typeof error === 'string') {
    collector.add(`${path}.error`, `${error}; sample skipped`);
    return undefined;
  }

  let severity = toSeverity(raw.severity);
  if (severity === null) {
    collector.add(
      `${path}.severity`,
      `severity is ${describeValue(
        raw.severity,
      )}, expected error, warning or info; using the aggregate's "${aggregateSeverity}"`,
    );
    severity = aggregateSeverity;
  } else if (severity === undefined) {
    severity = aggregateSeverity;
  }

  return {
    uuid,
    timestamp: timestamp.iso,
    timestampMs: timestamp.ms,
    severity,
    error,
    httpContext: parseHttpContext(
      raw.http_context,
      `${path}.http_context`,
      collector,
    ),
  };
}

function parseSamples(
  raw: unknown,
  path: string,
  aggregateSeverity: PeriskopSeverity,
  collector: WarningCollector,
): ParsedSample[] {
  if (raw === undefined || raw === null) {
    return [];
  }
  if (!Array.isArray(raw)) {
    // The count is what matters most, so the aggregate is kept without samples.
    collector.add(
      path,
      `latest_errors is ${describeType(
        raw,
      )}, expected an array; samples ignored`,
    );
    return [];
  }
  const samples: ParsedSample[] = [];
  const seenUuids = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const samplePath = `${path}[${i}]`;
    const sample = parseSample(
      raw[i],
      samplePath,
      aggregateSeverity,
      collector,
    );
    if (!sample) {
      continue;
    }
    if (seenUuids.has(sample.uuid)) {
      collector.add(
        `${samplePath}.uuid`,
        `duplicate sample uuid ${JSON.stringify(
          sample.uuid,
        )}; the first one is kept`,
      );
      continue;
    }
    seenUuids.add(sample.uuid);
    samples.push(sample);
  }
  return samples;
}

function parseAggregate(
  raw: unknown,
  path: string,
  collector: WarningCollector,
): ParsedAggregate | undefined {
  if (!isObject(raw)) {
    collector.add(
      path,
      `aggregate is ${describeType(raw)}, expected an object; skipped`,
    );
    return undefined;
  }
  const aggregationKey = raw.aggregation_key;
  if (typeof aggregationKey !== 'string' || aggregationKey.trim() === '') {
    collector.add(
      `${path}.aggregation_key`,
      `aggregation_key is ${describeValue(
        aggregationKey,
      )}, expected a non-empty string; aggregate skipped`,
    );
    return undefined;
  }
  const totalCount = raw.total_count;
  if (
    typeof totalCount !== 'number' ||
    !Number.isSafeInteger(totalCount) ||
    totalCount < 0
  ) {
    collector.add(
      `${path}.total_count`,
      `total_count is ${
        typeof totalCount === 'number'
          ? String(totalCount)
          : describeValue(totalCount)
      }, expected a non-negative integer; aggregate skipped`,
    );
    return undefined;
  }

  let severity = toSeverity(raw.severity);
  if (severity === null) {
    collector.add(
      `${path}.severity`,
      `severity is ${describeValue(
        raw.severity,
      )}, expected error, warning or info; using "error"`,
    );
    severity = 'error';
  } else if (severity === undefined) {
    severity = 'error';
  }

  let createdAt: string | null = null;
  const rawCreatedAt = raw.created_at;
  if (
    rawCreatedAt !== undefined &&
    rawCreatedAt !== null &&
    rawCreatedAt !== ''
  ) {
    const parsed = parseRfc3339Timestamp(rawCreatedAt);
    if (parsed) {
      createdAt = parsed.iso;
    } else {
      collector.add(
        `${path}.created_at`,
        `created_at is ${describeValue(
          rawCreatedAt,
        )}, expected an RFC 3339 time; ignored`,
      );
    }
  }

  return {
    aggregationKey,
    totalCount,
    severity,
    createdAt,
    samples: parseSamples(
      raw.latest_errors,
      `${path}.latest_errors`,
      severity,
      collector,
    ),
  };
}

function parseDocument(body: unknown, options: ParseOptions): ParseResult {
  let document = body;
  if (typeof body === 'string') {
    try {
      // A byte-order mark is not JSON, but some servers send one.
      document = JSON.parse(
        body.charCodeAt(0) === 0xfeff ? body.slice(1) : body,
      );
    } catch (error) {
      return {
        ok: false,
        reason: `${NOT_A_PAYLOAD}: response is not JSON (${describeError(
          error,
        )})`,
      };
    }
  }
  if (!isObject(document)) {
    return {
      ok: false,
      reason: `${NOT_A_PAYLOAD}: expected a JSON object, got ${
        document === undefined ? 'nothing' : describeType(document)
      }`,
    };
  }
  const rawAggregates = document.aggregated_errors;
  if (!Array.isArray(rawAggregates)) {
    return {
      ok: false,
      reason:
        rawAggregates === undefined
          ? `${NOT_A_PAYLOAD}: "aggregated_errors" is missing`
          : `${NOT_A_PAYLOAD}: "aggregated_errors" is ${describeType(
              rawAggregates,
            )}, expected an array`,
    };
  }
  const maxKeys = options.maxKeys;
  if (typeof maxKeys === 'number' && rawAggregates.length > maxKeys) {
    return {
      ok: false,
      reason: `too many error keys: ${rawAggregates.length} (limit ${maxKeys})`,
    };
  }

  const collector = new WarningCollector();

  let targetUuid: string | null = null;
  const rawTargetUuid = document.target_uuid;
  if (typeof rawTargetUuid === 'string' && rawTargetUuid.trim() !== '') {
    targetUuid = rawTargetUuid;
  } else if (
    rawTargetUuid !== undefined &&
    rawTargetUuid !== null &&
    rawTargetUuid !== ''
  ) {
    collector.add(
      'target_uuid',
      `target_uuid is ${describeType(
        rawTargetUuid,
      )}, expected a string; ignored`,
    );
  }

  const aggregates: ParsedAggregate[] = [];
  const seenKeys = new Set<string>();
  for (let i = 0; i < rawAggregates.length; i++) {
    const path = `aggregated_errors[${i}]`;
    const aggregate = parseAggregate(rawAggregates[i], path, collector);
    if (!aggregate) {
      continue;
    }
    if (seenKeys.has(aggregate.aggregationKey)) {
      collector.add(
        `${path}.aggregation_key`,
        `duplicate aggregation_key ${JSON.stringify(
          aggregate.aggregationKey,
        )}; the first one is kept`,
      );
      continue;
    }
    seenKeys.add(aggregate.aggregationKey);
    aggregates.push(aggregate);
  }

  return {
    ok: true,
    payload: { targetUuid, aggregates },
    warnings: collector.warnings,
  };
}

/**
 * Parses and validates the body of a Periskop exceptions endpoint (any client
 * library or the push gateway).
 *
 * The payload as a whole fails only when it is not JSON, not an object with
 * an `aggregated_errors` array, or has more keys than `options.maxKeys`.
 * Everything else is lenient per item: a malformed aggregate or sample is
 * skipped and reported as a {@link PayloadWarning}, odd values are repaired
 * where that loses nothing (see the package README for the rules).
 *
 * Never throws, whatever the input. Strings (messages, keys, headers) are
 * kept verbatim; escaping for display is the caller's business.
 *
 * @param body - the raw response text, or an already parsed JSON value
 * @param options - limits applied while parsing
 * @returns the parsed payload with warnings, or the reason it was rejected
 * @public
 */
export function parsePeriskopPayload(
  body: string | unknown,
  options: ParseOptions = {},
): ParseResult {
  try {
    return parseDocument(body, options ?? {});
  } catch (error) {
    // Only reachable with non-JSON inputs (throwing getters, proxies, ...):
    // the contract is to report, never to throw.
    return {
      ok: false,
      reason: `${NOT_A_PAYLOAD}: ${describeError(error)}`,
    };
  }
}

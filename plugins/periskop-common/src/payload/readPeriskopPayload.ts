import { describeThrown } from './describeValue';
import { parseUniqueItems } from './listItems';
import { describeJsonSyntaxError } from './locateJsonSyntaxError';
import { parseAggregateHead } from './parseAggregate';
import { parseSamples } from './parseSample';
import {
  AGGREGATE_IDENTITY,
  NOT_A_PAYLOAD,
  notJson,
  readPayloadDocument,
  withoutByteOrderMark,
} from './readPayloadDocument';
import { DeferredJson, scanPayloadDocument } from './scanPayloadDocument';
import type {
  ParseOptions,
  PeriskopSeverity,
  ParsedSample,
  PayloadAggregate,
  PayloadWarning,
  ReadPayloadResult,
} from './types';
import { WarningCollector } from './WarningCollector';

/** The document, shallowly when the reader handles it, else by `JSON.parse`. */
function readDocument(
  body: string | Uint8Array,
): { ok: true; document: unknown } | { ok: false; reason: string } {
  const bytes =
    typeof body === 'string'
      ? new TextEncoder().encode(withoutByteOrderMark(body))
      : body;
  try {
    return { ok: true, document: scanPayloadDocument(bytes) };
  } catch {
    // not JSON, or a shape the shallow reader leaves to JSON.parse
  }
  // TextDecoder drops a UTF-8 byte-order mark, as the fetcher's does
  const text =
    typeof body === 'string'
      ? withoutByteOrderMark(body)
      : new TextDecoder('utf-8').decode(body);
  try {
    return { ok: true, document: JSON.parse(text) };
  } catch {
    return notJson(text);
  }
}

/** Parses `latest_errors` on first use, and keeps the result. */
function lazySamples(
  latestErrors: unknown,
  path: string,
  severity: PeriskopSeverity,
): () => { samples: ParsedSample[]; warnings: PayloadWarning[] } {
  let result:
    | { samples: ParsedSample[]; warnings: PayloadWarning[] }
    | undefined;
  return () => {
    if (!result) {
      const collector = new WarningCollector();
      let raw = latestErrors;
      if (latestErrors instanceof DeferredJson) {
        try {
          raw = latestErrors.decode();
        } catch {
          collector.add(
            path,
            `latest_errors is not valid JSON (${describeJsonSyntaxError(
              latestErrors.text(),
            )} of it); samples ignored`,
          );
          raw = undefined;
        }
      }
      const samples = parseSamples(raw, path, severity, collector);
      result = { samples, warnings: collector.warnings };
    }
    return result;
  };
}

/**
 * Reads the body of a Periskop exceptions endpoint for counting: the
 * payload's `target_uuid` and every aggregate's key, total count, severity
 * and creation time, validated as {@link parsePeriskopPayload} does, while
 * each aggregate's samples stay undecoded until `readSamples()` is called.
 * A scraper calls it only for the keys whose count moved, so the samples of
 * unchanged keys are never decoded.
 *
 * The body (best its UTF-8 bytes as received: then it is never decoded as a
 * whole) is read by a shallow reader that skips samples without building
 * them; what it does not handle goes through `JSON.parse`. Results and warnings are those
 * of `parsePeriskopPayload` with the sample warnings moved to
 * `readSamples()`. Never throws.
 *
 * @param body - the response body: its bytes (UTF-8) or its text
 * @param options - limits applied while reading
 * @public
 */
export function readPeriskopPayload(
  body: string | Uint8Array,
  options: ParseOptions = {},
): ReadPayloadResult {
  try {
    const read = readDocument(body);
    if (!read.ok) {
      return read;
    }
    const document = readPayloadDocument(read.document, options ?? {});
    if (!document.ok) {
      return document;
    }
    const { targetUuid, rawAggregates, collector } = document;
    const aggregates = parseUniqueItems(
      rawAggregates,
      'aggregated_errors',
      (item, path): PayloadAggregate | undefined => {
        const parsed = parseAggregateHead(item, path, collector);
        if (!parsed) {
          return undefined;
        }
        const { head, latestErrors } = parsed;
        return {
          ...head,
          readSamples: lazySamples(
            latestErrors,
            `${path}.latest_errors`,
            head.severity,
          ),
        };
      },
      AGGREGATE_IDENTITY,
      collector,
    );
    return { ok: true, targetUuid, aggregates, warnings: collector.warnings };
  } catch (error) {
    return {
      ok: false,
      reason: `${NOT_A_PAYLOAD}: reading it failed (${describeThrown(error)})`,
    };
  }
}

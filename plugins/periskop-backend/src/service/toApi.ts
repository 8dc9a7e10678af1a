import {
  ErrorDetails,
  ErrorGroup,
  ErrorGroupListResponse,
  ErrorInstanceCount,
  ErrorSummary,
  OccurrencesResponse,
  PERISKOP_SEVERITIES,
  PeriskopSeverity,
  Sample,
  TargetHealth,
} from '@periskop-backstage/plugin-periskop-common';
import {
  EntityErrorSummary,
  ErrorGroupPage,
  StoredErrorDetails,
  StoredErrorGroup,
  StoredInstanceCount,
  StoredSample,
  StoredTarget,
} from '../database';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** A stored group as the API shows it, with its sparkline when it has one. */
export function toErrorGroup(
  group: StoredErrorGroup & { sparkline?: number[] },
): ErrorGroup {
  return {
    id: String(group.id),
    entityRef: group.entityRef,
    aggregationKey: group.aggregationKey,
    class: group.errorClass,
    message: group.message,
    severity: group.severity as PeriskopSeverity,
    status: group.status,
    regressed: group.regressed,
    regressedAt: isoOrNull(group.regressedAt),
    totalCount: group.totalCount,
    firstSeen: iso(group.firstSeen),
    lastSeen: iso(group.lastSeen),
    resolvedAt: isoOrNull(group.resolvedAt),
    resolvedBy: group.resolvedBy,
    ...(group.sparkline ? { sparkline: group.sparkline } : {}),
  };
}

/** A stored sample as the API shows it. */
export function toSample(sample: StoredSample): Sample {
  return {
    uuid: sample.uuid,
    timestamp: iso(sample.timestampMs),
    severity: sample.severity as PeriskopSeverity,
    instance: sample.instanceKey,
    error: sample.error,
    httpContext: sample.httpContext,
  };
}

/** Per-instance counts as the API shows them. */
export function toInstanceCount(
  count: StoredInstanceCount,
): ErrorInstanceCount {
  return {
    instance: count.instanceKey,
    totalCount: count.totalCount,
    lastSeen: iso(count.lastSeen),
  };
}

/** A target's health as the API shows it. */
export function toTargetHealth(target: StoredTarget): TargetHealth {
  return {
    origin: target.origin,
    url: target.url,
    source: target.source,
    instance: target.instanceKey ?? target.url,
    up: target.up === true,
    lastScrapeAt: isoOrNull(target.lastScrapeAt),
    lastSuccessAt: isoOrNull(target.lastSuccessAt),
    lastError: target.lastError ?? target.unavailableReason,
    durationMs: target.durationMs,
    payloadBytes: target.payloadBytes,
    errorKeys: target.errorKeys,
    warnings: target.warnings,
    firstWarning: target.firstWarning,
    limitNotice: target.limitNotice,
  };
}

/** A page of groups as the error list answers it. */
export function toErrorGroupList(page: ErrorGroupPage): ErrorGroupListResponse {
  return {
    items: page.items.map(toErrorGroup),
    totalItems: page.totalItems,
    // every severity, also those without groups, and nothing else
    severityCounts: Object.fromEntries(
      PERISKOP_SEVERITIES.map(severity => [
        severity,
        page.severityCounts[severity] ?? 0,
      ]),
    ) as Record<PeriskopSeverity, number>,
  };
}

/** An entity's summary as the errors card reads it. */
export function toErrorSummary(summary: EntityErrorSummary): ErrorSummary {
  return { ...summary, top: summary.top.map(toErrorGroup) };
}

/** A group with its samples and instances as `GET /errors/:id` answers it. */
export function toErrorDetails(details: StoredErrorDetails): ErrorDetails {
  return {
    ...toErrorGroup(details.group),
    samples: details.samples.map(toSample),
    instances: details.instances.map(toInstanceCount),
  };
}

/** An occurrence series as `GET /errors/:id/occurrences` answers it. */
export function toOccurrences(
  points: Array<{ time: number; count: number }>,
  stepSeconds: number,
): OccurrencesResponse {
  return {
    step: stepSeconds,
    points: points.map(p => ({ time: iso(p.time), count: p.count })),
  };
}

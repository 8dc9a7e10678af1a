import {
  PERISKOP_TARGETS_ANNOTATION,
  TargetHealth,
  parseTargetsAnnotation,
} from '@periskop-backstage/plugin-periskop-common';
import { formatRelative, isPushOnly, timeWindow } from '../shared';
import { ErrorListView, filtersDifferFromDefault } from './errorListView';
import {
  TargetHealthSummary,
  describePushedInstances,
  describeTargetsDown,
  describeTargetsUp,
  summarizeTargetHealth,
} from './summarizeTargetHealth';

/** Why the error list is empty, in words for the empty state. */
export interface EmptyErrorListExplanation {
  /**
   * - `filters`: scraping works; nothing matches the filters.
   * - `down`: every scraped target failed its last scrape.
   * - `pending`: the targets were found but not scraped yet.
   * - `no-targets`: the backend has no target for the entity.
   * - `no-pushes`: the entity only pushes (no targets annotation) and
   *   nothing was pushed yet.
   */
  reason: 'filters' | 'down' | 'pending' | 'no-targets' | 'no-pushes';
  title: string;
  /** Sentences under the title. */
  details: string[];
  /** Whether resetting the filters could show something. */
  canResetFilters: boolean;
}

/** "No open errors in the last 24 hours", after the filters of a view. */
export function describeEmptyFilters(view: ErrorListView): string {
  const status = view.status === 'all' ? '' : `${view.status} `;
  return `No ${status}errors ${timeWindow(view.window).phrase}`;
}

/** The narrowing filters in words: `matching “token”`, `with severity warning`. */
export function describeNarrowingFilters(view: ErrorListView): string[] {
  const parts: string[] = [];
  if (view.query) parts.push(`matching “${view.query}”`);
  if (view.severities.length) {
    parts.push(`with severity ${view.severities.join(' or ')}`);
  }
  return parts;
}

/** Why an annotation can yield no targets, in one sentence. */
function describeAnnotationState(annotation: string): string {
  const { targets, errors } = parseTargetsAnnotation(annotation);
  const name = `The ${PERISKOP_TARGETS_ANNOTATION} annotation`;
  if (errors.length > 0) {
    const problems = errors.length === 1 ? 'a problem' : 'problems';
    return `${name} has ${problems}; fix it in the entity's catalog-info.yaml.`;
  }
  if (targets.length > 0) {
    return `${name} is valid, but no instance has been discovered for it yet: the catalog may not have been refreshed, or its DNS names resolve to nothing.`;
  }
  return `${name} lists no target.`;
}

/** "1 pushed instance, last push 3 hours ago: …", and whether the window hides it. */
function describePushes(
  summary: TargetHealthSummary,
  view: ErrorListView,
): string[] {
  const sentences = [
    `${describePushedInstances(summary)}, last push ${formatRelative(
      summary.lastPushAt!,
    )}: the list shows everything pushed so far.`,
  ];
  const { durationMs } = timeWindow(view.window);
  if (
    durationMs !== undefined &&
    Date.parse(summary.lastPushAt!) < Date.now() - durationMs
  ) {
    sentences.push(
      'The last push is older than the time window; a longer window shows its errors.',
    );
  }
  return sentences;
}

/**
 * Says why an entity's error list is empty. Target health comes first:
 * "no errors" from a service that is not being scraped is not good news,
 * and an on-call engineer must not read it as such.
 *
 * @param targets - the entity's targets; `undefined` while unknown (then
 *   only the filters can be blamed)
 */
export function explainEmptyErrorList(
  view: ErrorListView,
  targets: TargetHealth[] | undefined,
  annotation: string,
): EmptyErrorListExplanation {
  const canResetFilters = filtersDifferFromDefault(view);
  const filters = describeNarrowingFilters(view);
  const filterSentence = `${[describeEmptyFilters(view), ...filters].join(
    ' ',
  )}.`;

  const pushOnly = isPushOnly(annotation);
  if (targets !== undefined) {
    const summary = summarizeTargetHealth(targets);
    if (pushOnly && summary.pushed === 0) {
      // "no scrape targets" would be true but useless: this entity is
      // meant to push, and the reader needs to know how
      return {
        reason: 'no-pushes',
        title: 'Nothing pushed yet',
        details: [
          `This entity has no ${PERISKOP_TARGETS_ANNOTATION} annotation, so its errors arrive only when its jobs push them.`,
          "Create a push key under “Push key” above and give its push URL to the job's Periskop client (PushToGateway in Go, push_to_gateway in Python, pushToGateway in Node.js).",
        ],
        canResetFilters: false,
      };
    }
    if (summary.state === 'none' && !pushOnly) {
      return {
        reason: 'no-targets',
        title: 'This service has no scrape targets',
        details: [describeAnnotationState(annotation)],
        canResetFilters: false,
      };
    }
    if (summary.state === 'pending') {
      return {
        reason: 'pending',
        title: 'Not scraped yet',
        details: [
          `${summary.total} ${
            summary.total === 1 ? 'target was' : 'targets were'
          } discovered and will be scraped shortly; errors appear here after the first scrape.`,
        ],
        canResetFilters: false,
      };
    }
    if (summary.state === 'down') {
      const first = summary.firstDown!;
      return {
        reason: 'down',
        title: `This service is not being scraped: ${describeTargetsDown(
          summary,
        )}`,
        details: [
          `${first.url}: ${first.lastError ?? 'the last scrape failed'}`,
          `${filterSentence} Errors that happen while the targets are down are not seen.`,
        ],
        canResetFilters,
      };
    }
  }

  const details: string[] = [];
  if (filters.length) {
    details.push('Clear the search or the severity filter to see more.');
  } else if (canResetFilters) {
    details.push('A longer time window or another status may show more.');
  }
  if (targets !== undefined) {
    const summary = summarizeTargetHealth(targets);
    if (summary.state === 'degraded') {
      const first = summary.firstDown!;
      details.push(
        `Only ${describeTargetsUp(
          summary,
        )}: errors of the others are not seen (${first.url}: ${
          first.lastError ?? 'the last scrape failed'
        }).`,
      );
    } else if (summary.state !== 'none') {
      details.push(`${describeTargetsUp(summary)}: the list is up to date.`);
    }
    if (pushOnly && summary.pushed > 0) {
      details.push(...describePushes(summary, view));
    }
  }
  return {
    reason: 'filters',
    title: [describeEmptyFilters(view), ...filters].join(' '),
    details,
    canResetFilters,
  };
}

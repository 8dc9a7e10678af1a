import type { Entity } from '@backstage/catalog-model';
import {
  getPeriskopServiceName,
  MAX_SERVICE_NAME_LENGTH,
  parseTargetsAnnotation,
  PERISKOP_SERVICE_NAME_ANNOTATION,
  PERISKOP_TARGETS_ANNOTATION,
  type ParsedTargetsAnnotation,
} from '@periskop-backstage/plugin-periskop-common';

/**
 * Whether a parsed `periskop.io/targets` annotation is unusable as a whole:
 * it has at least one problem and yields not one valid target. Valid
 * targets past the limit on entries (`omitted`) count as valid: the limit
 * only ever leaves out entries after valid ones, so it never makes an
 * annotation unusable, whatever it is configured to. A blank annotation has
 * no problem (it lists nothing), so it is not unusable.
 */
export function hasNoUsableTarget(parsed: ParsedTargetsAnnotation): boolean {
  return (
    parsed.errors.length > 0 &&
    parsed.targets.length === 0 &&
    parsed.omitted.length === 0
  );
}

/**
 * The problems with an entity's Periskop annotations that must block the
 * entity in the catalog, one message each; empty when there is none.
 *
 * Only an annotation that cannot be used at all blocks: a
 * `periskop.io/targets` without one valid target (see
 * {@link hasNoUsableTarget}), or a non-blank `periskop.io/service-name` that
 * the backend ignores (longer than `MAX_SERVICE_NAME_LENGTH`). Invalid
 * entries beside valid ones and entries past a limit do not block: the
 * backend scrapes what is valid and reports the rest on the Errors tab.
 * Parsed with the backend's own parser and its default limit. Pure.
 */
export function findBlockingAnnotationProblems(entity: Entity): string[] {
  const annotations = entity.metadata.annotations ?? {};
  const problems: string[] = [];

  const targets = annotations[PERISKOP_TARGETS_ANNOTATION];
  if (targets !== undefined) {
    const parsed = parseTargetsAnnotation(targets);
    if (hasNoUsableTarget(parsed)) {
      problems.push(
        `${PERISKOP_TARGETS_ANNOTATION} has no valid target, so Periskop cannot scrape this entity: ${parsed.errors.join(
          '; ',
        )}`,
      );
    }
  }

  const serviceName = annotations[PERISKOP_SERVICE_NAME_ANNOTATION];
  if (typeof serviceName === 'string') {
    const trimmed = serviceName.trim();
    // the backend falls back to metadata.name for a name it cannot use
    if (trimmed !== '' && getPeriskopServiceName(entity) !== trimmed) {
      problems.push(
        `${PERISKOP_SERVICE_NAME_ANNOTATION} is ${trimmed.length} characters long, more than the ${MAX_SERVICE_NAME_LENGTH} a service name may have`,
      );
    }
  }
  return problems;
}

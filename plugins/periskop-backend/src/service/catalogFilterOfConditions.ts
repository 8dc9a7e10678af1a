import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';

/** What one key of a catalog filter asks: that it exists, or one of some values. */
export type CatalogFilterValue = typeof CATALOG_FILTER_EXISTS | string[];

/**
 * Conditions every one of which an entity must meet: one catalog filter
 * object (key → value). A list of them is their OR, as the catalog's
 * `filter` reads a list.
 */
export type CatalogFilterSet = Record<string, CatalogFilterValue>;

/**
 * More OR-ed filter sets than this are not sent to the catalog (an `allOf`
 * of `anyOf`s multiplies out); the caller then falls back to asking the
 * permission framework entity by entity.
 */
export const MAX_CATALOG_FILTER_SETS = 20;

/**
 * The catalog's built-in permission rules for entities, as the catalog
 * itself turns them into filters (`toQuery` of each rule in
 * `@backstage/plugin-catalog-backend`). The rule names are the catalog's
 * public contract with permission policies (`catalogConditions`).
 */
const RULES: Record<
  string,
  (params: Record<string, unknown>) => [string, CatalogFilterValue] | undefined
> = {
  IS_ENTITY_OWNER: ({ claims }) =>
    isStringList(claims) ? ['relations.ownedBy', claims] : undefined,
  IS_ENTITY_KIND: ({ kinds }) =>
    isStringList(kinds)
      ? ['kind', kinds.map(kind => kind.toLowerCase())]
      : undefined,
  HAS_ANNOTATION: ({ annotation, value }) =>
    property('metadata.annotations', annotation, value),
  HAS_LABEL: ({ label, value }) => property('metadata.labels', label, value),
  HAS_METADATA: ({ key, value }) => property('metadata', key, value),
  HAS_SPEC: ({ key, value }) => property('spec', key, value),
};

/** Thrown inside the conversion: the conditions need the per-entity route. */
class NotExpressible extends Error {
  constructor() {
    super('The conditions cannot be written as a catalog filter');
  }
}

/**
 * A conditional decision on catalog entities as catalog filter sets (OR-ed,
 * each an AND of keys), so that the catalog returns exactly the entities
 * the conditions allow; an empty list when no entity can meet them.
 * `undefined` when the conditions cannot be written as such a filter:
 * `not`, a rule this plugin does not know (a custom catalog rule), the
 * same key asked twice with different values, a value the catalog's
 * filter syntax cannot carry (`,` or `=`), or too many sets. The caller
 * then asks the permission framework about each entity instead, which
 * applies any condition exactly.
 */
export function catalogFilterOfConditions(
  conditions: PermissionCriteria<PermissionCondition>,
): CatalogFilterSet[] | undefined {
  try {
    return disjunction(conditions);
  } catch (error) {
    if (error instanceof NotExpressible) {
      return undefined;
    }
    throw error;
  }
}

function disjunction(
  criteria: PermissionCriteria<PermissionCondition>,
): CatalogFilterSet[] {
  let sets: CatalogFilterSet[];
  if ('allOf' in criteria) {
    sets = [{}];
    for (const part of criteria.allOf) {
      const next = disjunction(part);
      sets = sets.flatMap(left =>
        next.map(right => andFilterSets(left, right)),
      );
      limit(sets);
    }
  } else if ('anyOf' in criteria) {
    sets = criteria.anyOf.flatMap(part => disjunction(part));
  } else if ('not' in criteria) {
    throw new NotExpressible();
  } else {
    sets = [condition(criteria)];
  }
  // a set with an empty list of values matches no entity
  sets = sets.filter(set =>
    Object.values(set).every(
      value => value === CATALOG_FILTER_EXISTS || value.length > 0,
    ),
  );
  limit(sets);
  return sets;
}

function condition(single: PermissionCondition): CatalogFilterSet {
  const rule = RULES[single.rule];
  const entry = rule?.((single.params ?? {}) as Record<string, unknown>);
  if (!entry) {
    throw new NotExpressible();
  }
  const [key, value] = entry;
  // the catalog's filter syntax separates with these (`key=value,key`)
  const unsafe = (text: string) => /[,=]/.test(text);
  if (unsafe(key) || (value !== CATALOG_FILTER_EXISTS && value.some(unsafe))) {
    throw new NotExpressible();
  }
  return { [key]: value };
}

/**
 * Both sets at once. A key that only has to exist gives way to one with
 * values; the same values twice are one; different values for one key
 * would need the entity to have each (e.g. two owners), which one filter
 * set cannot say: that throws, so it never happens when one side only
 * asks for keys to exist.
 */
export function andFilterSets(
  left: CatalogFilterSet,
  right: CatalogFilterSet,
): CatalogFilterSet {
  const result: CatalogFilterSet = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const same = Object.keys(result).find(
      k => k.toLowerCase() === key.toLowerCase(),
    );
    if (same === undefined) {
      result[key] = value;
      continue;
    }
    const other = result[same];
    if (other === CATALOG_FILTER_EXISTS) {
      delete result[same];
      result[key] = value;
    } else if (value !== CATALOG_FILTER_EXISTS && !sameValues(other, value)) {
      throw new NotExpressible();
    }
  }
  return result;
}

function sameValues(a: string[], b: string[]): boolean {
  const lower = (values: string[]) =>
    [...new Set(values.map(v => v.toLowerCase()))].sort().join('\n');
  return lower(a) === lower(b);
}

function limit(sets: CatalogFilterSet[]) {
  if (sets.length > MAX_CATALOG_FILTER_SETS) {
    throw new NotExpressible();
  }
}

function property(
  prefix: string,
  name: unknown,
  value: unknown,
): [string, CatalogFilterValue] | undefined {
  if (typeof name !== 'string' || name === '') {
    return undefined;
  }
  if (value === undefined) {
    return [`${prefix}.${name}`, CATALOG_FILTER_EXISTS];
  }
  return typeof value === 'string' ? [`${prefix}.${name}`, [value]] : undefined;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(v => typeof v === 'string');
}

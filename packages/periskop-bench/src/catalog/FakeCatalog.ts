import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

type Filter = Record<string, unknown>;

/** Reads a dotted path (`metadata.annotations.periskop.io/targets`) the way catalog filters do. */
function valuesAt(entity: Entity, key: string): unknown[] {
  if (key.startsWith('metadata.annotations.')) {
    const value =
      entity.metadata.annotations?.[key.slice('metadata.annotations.'.length)];
    return value === undefined ? [] : [value];
  }
  if (key.startsWith('relations.')) {
    const type = key.slice('relations.'.length).toLowerCase();
    return (entity.relations ?? [])
      .filter(r => r.type.toLowerCase() === type)
      .map(r => r.targetRef);
  }
  let current: unknown = entity;
  for (const part of key.split('.')) {
    current = (current as Record<string, unknown> | undefined)?.[part];
  }
  return current === undefined ? [] : [current];
}

function matches(entity: Entity, filter: Filter | undefined): boolean {
  if (!filter) {
    return true;
  }
  return Object.entries(filter).every(([key, wanted]) => {
    const values = valuesAt(entity, key);
    if (typeof wanted === 'symbol') {
      return values.length > 0; // CATALOG_FILTER_EXISTS
    }
    const list = (Array.isArray(wanted) ? wanted : [wanted]).map(v =>
      String(v).toLowerCase(),
    );
    return values.some(v => list.includes(String(v).toLowerCase()));
  });
}

/**
 * An in-memory catalog: just enough of `CatalogService` for the plugin's
 * discovery and overview, which only call `streamEntities` (a filter
 * object, or an array of them that any may match, as the catalog's; pages
 * of `pageSize`), and the router's `getEntityByRef`. Every
 * other method throws, so the benchmark notices if the plugin starts to
 * depend on more. `onRead` is called once
 * per `streamEntities` call (one catalog read of discovery).
 */
export function createFakeCatalog(
  entities: Entity[],
  options: { onRead?: () => void } = {},
): CatalogService {
  const sorted = [...entities].sort((a, b) =>
    stringifyEntityRef(a) < stringifyEntityRef(b) ? -1 : 1,
  );
  const unsupported = (name: string) => () => {
    throw new Error(`FakeCatalog.${name} is not implemented`);
  };
  const byRef = new Map(sorted.map(e => [stringifyEntityRef(e), e]));
  const service = {
    // the router's access check: is the entity in the catalog at all
    async getEntityByRef(ref: string) {
      return byRef.get(ref);
    },
    async *streamEntities(request?: { filter?: unknown; pageSize?: number }) {
      options.onRead?.();
      const filter = request?.filter;
      const filters: Array<Filter | undefined> = Array.isArray(filter)
        ? filter
        : [filter as Filter | undefined];
      const pageSize = request?.pageSize ?? 500;
      let page: Entity[] = [];
      for (const entity of sorted) {
        if (filters.some(one => matches(entity, one))) {
          page.push(entity);
          if (page.length === pageSize) {
            yield page;
            page = [];
          }
        }
      }
      if (page.length > 0) {
        yield page;
      }
    },
  };
  return new Proxy(service as unknown as CatalogService, {
    get(target, property) {
      if (property in target) {
        return (target as any)[property];
      }
      return typeof property === 'string' ? unsupported(property) : undefined;
    },
  });
}

/** A Component entity with the Periskop annotation and an owner. */
export function annotatedEntity(options: {
  name: string;
  targets: string;
  owner: string;
  title?: string;
}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: options.name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
      annotations: { 'periskop.io/targets': options.targets },
    },
    spec: { type: 'service', owner: options.owner, lifecycle: 'production' },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${options.owner}` },
    ],
  };
}

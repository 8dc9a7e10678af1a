import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  OverviewResponse,
  TargetHealthListResponse,
} from '@periskop-backstage/plugin-periskop-common';
import express, { Request } from 'express';
import {
  ErrorReadStore,
  PushKeyStore,
  StoredErrorGroup,
  TriageStore,
} from '../database';
import { entityLookupFor } from './catalogCredentials';
import { createApiRouter } from './createApiRouter';
import { EntityAccess, entityNotFound, errorNotFound } from './EntityAccess';
import { OverviewService } from './OverviewService';
import { ReadableEntities } from './ReadableEntities';
import { addPushKeyRoutes } from './pushKeyRoutes';
import { principalRef } from './principalRef';
import { runAudited } from './runAudited';
import { parseEntityRef } from './request/parseEntityRef';
import { parseErrorId } from './request/parseErrorId';
import {
  parseErrorFilters,
  parseErrorListQuery,
} from './request/parseErrorListQuery';
import { parseNoQuery } from './request/parseNoQuery';
import { parseOccurrencesQuery } from './request/parseOccurrencesQuery';
import { parseOverviewQuery } from './request/parseOverviewQuery';
import { parseSummaryQuery } from './request/parseSummaryQuery';
import {
  toErrorDetails,
  toErrorGroup,
  toErrorGroupList,
  toErrorSummary,
  toOccurrences,
  toTargetHealth,
} from './toApi';

/**
 * A request of any of the API's routes; each route's `Request` is typed by
 * the spec, and its response body type is one the helpers never send.
 */
type AnyRequest = Request<object, any, unknown, unknown>;

/** What the router needs. */
export interface RouterOptions {
  reads: ErrorReadStore;
  triage: TriageStore;
  pushKeys: PushKeyStore;
  /** The plugin's external base URL (`…/api/periskop`), for push URLs. */
  externalBaseUrl: () => Promise<string>;
  overview: OverviewService;
  /** The entities whose errors a caller may read, for the org-wide search. */
  readableEntities: ReadableEntities;
  /** Whether the caller can see an entity at all (see {@link EntityAccess}). */
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  /** To read the catalog for service principals (see `catalogCredentialsFor`). */
  auth: Pick<AuthService, 'isPrincipal' | 'getOwnServiceCredentials'>;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** How often targets are scraped, told to clients so they refresh at that pace. */
  scrapeIntervalSeconds: number;
  /**
   * Whether the plugin publishes live-update signals, told to clients so
   * that they wait for them only when they come (`LiveUpdates.publishesSignals`).
   */
  liveUpdates: boolean;
  /**
   * Told that an entity's errors changed by a resolve or unresolve (live
   * updates: open pages refetch); must not throw.
   */
  onErrorsChanged?: (entityRefs: readonly string[]) => void;
  now?: () => number;
}

/**
 * The HTTP API of the Periskop backend plugin, mounted at `/api/periskop`.
 * Each route parses its request (`request/parse*.ts`; every bad parameter
 * is a 400 naming it), authorizes, calls one store operation and maps the
 * answer (`toApi.ts`). Parsing comes first, so a 400 says nothing about
 * the entity; an entity or error the caller may not read is the same 404
 * as one that does not exist (see {@link EntityAccess}).
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { reads, triage, overview, httpAuth, permissions, auditor } = options;
  const now = options.now ?? Date.now;
  const access = new EntityAccess({
    catalog: entityLookupFor(options.catalog, options.auth),
    permissions,
  });
  const router = await createApiRouter();

  /** The caller's credentials (401 without), when they may read the entity's errors (else 404). */
  async function authorize(
    req: AnyRequest,
    entityRef: string,
  ): Promise<BackstageCredentials> {
    const credentials = await httpAuth.credentials(req);
    await access.check({
      credentials,
      entityRef,
      notFound: entityNotFound(entityRef),
    });
    return credentials;
  }

  /**
   * The group of an `/errors/:id` path, when the caller may read (and with
   * `resolve`, resolve) its entity's errors. Not found, not visible and not
   * readable are one and the same 404.
   */
  async function authorizeGroup(
    req: AnyRequest,
    resolve: boolean,
  ): Promise<{ group: StoredErrorGroup; credentials: BackstageCredentials }> {
    const id = parseErrorId(req.params);
    const credentials = await httpAuth.credentials(req);
    const group = await reads.getErrorGroup(id);
    if (!group) {
      throw errorNotFound(id)();
    }
    await access.check({
      credentials,
      entityRef: group.entityRef,
      resolve,
      notFound: errorNotFound(id),
    });
    return { group, credentials };
  }

  // Liveness of the plugin itself, unauthenticated so load balancers and
  // uptime checks can call it.
  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      scrapeIntervalSeconds: options.scrapeIntervalSeconds,
      liveUpdates: options.liveUpdates,
    });
  });

  router.get('/entities/:namespace/:kind/:name/errors', async (req, res) => {
    const entityRef = parseEntityRef(req.params);
    const query = parseErrorListQuery(req.query, { entityRef, now: now() });
    await authorize(req, entityRef);
    res.json(toErrorGroupList(await reads.queryErrorGroups(query)));
  });

  // The org-wide search: the same query as one entity's list, over every
  // entity the caller may read (bound into the SQL, so that paging and
  // totals cover only those).
  router.get('/errors', async (req, res) => {
    const filters = parseErrorFilters(req.query, now());
    const credentials = await httpAuth.credentials(req);
    const entityRefs = await options.readableEntities.entityRefs(credentials);
    res.json(
      toErrorGroupList(
        await reads.queryErrorGroups({ entityRefs, ...filters }),
      ),
    );
  });

  router.get('/entities/:namespace/:kind/:name/summary', async (req, res) => {
    const entityRef = parseEntityRef(req.params);
    const query = parseSummaryQuery(req.query, now());
    await authorize(req, entityRef);
    res.json(
      toErrorSummary(await reads.getErrorSummary({ entityRef, ...query })),
    );
  });

  router.get('/entities/:namespace/:kind/:name/targets', async (req, res) => {
    const entityRef = parseEntityRef(req.params);
    parseNoQuery(req.query);
    await authorize(req, entityRef);
    const targets = await reads.listTargets({ entityRef });
    const body: TargetHealthListResponse = {
      items: targets.map(toTargetHealth),
      totalItems: targets.length,
    };
    res.json(body);
  });

  router.get('/errors/:id', async (req, res) => {
    parseNoQuery(req.query);
    const { group } = await authorizeGroup(req, false);
    res.json(toErrorDetails(await reads.getErrorDetails(group)));
  });

  router.get('/errors/:id/occurrences', async (req, res) => {
    const query = parseOccurrencesQuery(req.query, now());
    const { group } = await authorizeGroup(req, false);
    const points = await reads.getOccurrenceSeries({
      groupId: group.id,
      ...query,
    });
    res.json(toOccurrences(points, query.stepSeconds));
  });

  for (const action of ['resolve', 'unresolve'] as const) {
    router.post(`/errors/:id/${action}`, async (req, res) => {
      parseNoQuery(req.query);
      const { group, credentials } = await authorizeGroup(req, true);
      const updated = await runAudited(
        auditor,
        {
          eventId: `error-${action}`,
          severityLevel: 'medium',
          request: req,
          meta: {
            errorId: String(group.id),
            entityRef: group.entityRef,
            aggregationKey: group.aggregationKey,
          },
        },
        async () => {
          const result =
            action === 'resolve'
              ? await triage.resolveErrorGroup(group.id, {
                  by: principalRef(credentials),
                  at: now(),
                })
              : await triage.unresolveErrorGroup(group.id);
          if (!result) {
            throw errorNotFound(group.id)();
          }
          return {
            result,
            meta: { status: result.status, previousStatus: group.status },
          };
        },
      );
      options.onErrorsChanged?.([group.entityRef]);
      res.json(toErrorGroup(updated));
    });
  }

  addPushKeyRoutes(router, {
    pushKeys: options.pushKeys,
    access,
    httpAuth,
    auditor,
    externalBaseUrl: options.externalBaseUrl,
    now,
  });

  router.get('/overview', async (req, res) => {
    const query = parseOverviewQuery(req.query, now());
    const credentials = await httpAuth.credentials(req);
    const items = await overview.getOverview({ credentials, ...query });
    const body: OverviewResponse = { items, totalItems: items.length };
    res.json(body);
  });

  return router;
}

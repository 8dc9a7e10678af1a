import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ErrorDetails,
  ErrorGroupListResponse,
  OccurrencesResponse,
  OverviewResponse,
  periskopErrorReadPermission,
  periskopErrorResolvePermission,
  TargetHealthListResponse,
} from '@periskop-backstage/plugin-periskop-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { ErrorStore, StoredErrorGroup } from '../database/ErrorStore';
import { OverviewService } from './OverviewService';
import { parseRequest } from './parseRequest';
import {
  DEFAULT_WINDOW_MS,
  entityPathSchema,
  errorIdSchema,
  errorListQuerySchema,
  MAX_POINTS,
  noQuerySchema,
  occurrencesQuerySchema,
  overviewQuerySchema,
} from './requestSchemas';
import {
  toErrorGroup,
  toInstanceCount,
  toSample,
  toTargetHealth,
} from './toApi';

/** What the router needs. */
export interface RouterOptions {
  store: ErrorStore;
  overview: OverviewService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** How often targets are scraped, told to clients so they refresh at that pace. */
  scrapeIntervalSeconds: number;
  now?: () => number;
}

/** Sparklines: the last 24 whole hours, up to the current one. */
const SPARKLINE_WINDOW = (now: number) => {
  const hour = 3_600_000;
  const to = Math.floor(now / hour) * hour + hour;
  return { from: to - 24 * hour, to, stepMs: hour };
};

/** Steps (seconds) offered when the caller gives none: about 100-300 points. */
const AUTO_STEPS = [60, 300, 900, 3600, 6 * 3600, 24 * 3600];

/**
 * The HTTP API of the Periskop backend plugin, mounted at `/api/periskop`.
 * Thin: validates input, checks permissions, delegates to the store.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { store, overview, httpAuth, permissions, auditor } = options;
  const now = options.now ?? Date.now;
  const router = Router();
  router.use(express.json());

  async function authorize(
    credentials: BackstageCredentials,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
  ) {
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      const action =
        permission === periskopErrorResolvePermission ? 'resolve' : 'read';
      throw new NotAllowedError(
        `You may not ${action} the errors of ${entityRef}`,
      );
    }
  }

  function entityRefOf(req: Request): string {
    const path = parseRequest(entityPathSchema, req.params, 'path parameter');
    return stringifyEntityRef(path);
  }

  /** A group the caller may see with `permission`; 404 before 403. */
  async function loadGroup(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<{ group: StoredErrorGroup; credentials: BackstageCredentials }> {
    const id = parseRequest(errorIdSchema, req.params.id, 'path parameter');
    const credentials = await httpAuth.credentials(req);
    const group = await store.getErrorGroup(id);
    if (!group) {
      throw new NotFoundError(`No error with id ${id}`);
    }
    await authorize(credentials, permission, group.entityRef);
    return { group, credentials };
  }

  // Liveness of the plugin itself, unauthenticated so load balancers and
  // uptime checks can call it.
  router.get('/health', (_req, res) => {
    res.json({
      status: 'ok',
      scrapeIntervalSeconds: options.scrapeIntervalSeconds,
    });
  });

  router.get('/entities/:namespace/:kind/:name/errors', async (req, res) => {
    const entityRef = entityRefOf(req);
    const query = parseRequest(
      errorListQuerySchema,
      req.query,
      'query parameter',
    );
    const credentials = await httpAuth.credentials(req);
    await authorize(credentials, periskopErrorReadPermission, entityRef);

    const page = await store.queryErrorGroups({
      entityRef,
      terms: (query.query ?? '').toLowerCase().split(/\s+/).filter(Boolean),
      severities: query.severity,
      status: query.status,
      lastSeenFrom: query.from,
      lastSeenTo: query.to,
      sort: query.sort,
      order: query.order,
      limit: query.limit,
      offset: query.offset,
    });
    const sparklines = query.sparkline
      ? await store.getSparklines({
          groupIds: page.items.map(group => group.id),
          ...SPARKLINE_WINDOW(now()),
        })
      : undefined;
    const body: ErrorGroupListResponse = {
      items: page.items.map(group => ({
        ...toErrorGroup(group),
        ...(sparklines ? { sparkline: sparklines.get(group.id) ?? [] } : {}),
      })),
      totalItems: page.totalItems,
      severityCounts: {
        error: page.severityCounts.error ?? 0,
        warning: page.severityCounts.warning ?? 0,
        info: page.severityCounts.info ?? 0,
      },
    };
    res.json(body);
  });

  router.get('/entities/:namespace/:kind/:name/targets', async (req, res) => {
    const entityRef = entityRefOf(req);
    parseRequest(noQuerySchema, req.query, 'query parameter');
    const credentials = await httpAuth.credentials(req);
    await authorize(credentials, periskopErrorReadPermission, entityRef);
    const targets = await store.listTargets({ entityRef });
    const body: TargetHealthListResponse = {
      items: targets.map(toTargetHealth),
      totalItems: targets.length,
    };
    res.json(body);
  });

  router.get('/errors/:id', async (req, res) => {
    const { group } = await loadGroup(req, periskopErrorReadPermission);
    const [samples, instances] = await Promise.all([
      store.listSamples(group.id),
      store.listInstanceCounts(group.id),
    ]);
    const body: ErrorDetails = {
      ...toErrorGroup(group),
      samples: samples.map(toSample),
      instances: instances.map(toInstanceCount),
    };
    res.json(body);
  });

  router.get('/errors/:id/occurrences', async (req, res) => {
    const query = parseRequest(
      occurrencesQuerySchema,
      req.query,
      'query parameter',
    );
    const { group } = await loadGroup(req, periskopErrorReadPermission);
    const to = query.to ?? now();
    const from = query.from ?? to - DEFAULT_WINDOW_MS;
    if (from >= to) {
      throw new InputError(
        'Invalid query parameter "from": must be before "to"',
      );
    }
    const span = to - from;
    const stepSeconds =
      query.step ??
      AUTO_STEPS.find(step => span / (step * 1000) <= 300) ??
      AUTO_STEPS[AUTO_STEPS.length - 1];
    const stepMs = stepSeconds * 1000;
    if (Math.ceil(span / stepMs) > MAX_POINTS) {
      throw new InputError(
        `Invalid query parameter "step": gives more than ${MAX_POINTS} points for this window; use a larger step`,
      );
    }
    const points = await store.getOccurrenceSeries({
      groupId: group.id,
      from,
      to,
      stepMs,
    });
    const body: OccurrencesResponse & { step: number } = {
      step: stepSeconds,
      points: points.map(p => ({
        time: new Date(p.time).toISOString(),
        count: p.count,
      })),
    };
    res.json(body);
  });

  for (const action of ['resolve', 'unresolve'] as const) {
    router.post(`/errors/:id/${action}`, async (req, res) => {
      const { group, credentials } = await loadGroup(
        req,
        periskopErrorResolvePermission,
      );
      const auditorEvent = await auditor.createEvent({
        eventId: `error-${action}`,
        severityLevel: 'medium',
        request: req,
        meta: {
          errorId: String(group.id),
          entityRef: group.entityRef,
          aggregationKey: group.aggregationKey,
        },
      });
      try {
        const by = principalRef(credentials);
        const updated =
          action === 'resolve'
            ? await store.resolveErrorGroup(group.id, { by, at: now() })
            : await store.unresolveErrorGroup(group.id);
        if (!updated) {
          throw new NotFoundError(`No error with id ${group.id}`);
        }
        await auditorEvent.success({
          meta: { status: updated.status, previousStatus: group.status },
        });
        res.json(toErrorGroup(updated));
      } catch (error) {
        await auditorEvent.fail({ error: error as Error });
        throw error;
      }
    });
  }

  router.get('/overview', async (req, res) => {
    const query = parseRequest(
      overviewQuerySchema,
      req.query,
      'query parameter',
    );
    const credentials = await httpAuth.credentials(req);
    const to = query.to ?? now();
    const from = query.from ?? to - DEFAULT_WINDOW_MS;
    if (from >= to) {
      throw new InputError(
        'Invalid query parameter "from": must be before "to"',
      );
    }
    const items = await overview.getOverview({
      credentials,
      owners: query.owner,
      query: query.query,
      from,
      to,
      sort: query.sort,
      order: query.order,
    });
    const body: OverviewResponse = { items, totalItems: items.length };
    res.json(body);
  });

  return router;
}

/** Who did it: the user's entity ref, or the calling service. */
function principalRef(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal.type === 'service' && principal.subject) {
    return principal.subject;
  }
  return principal.type;
}

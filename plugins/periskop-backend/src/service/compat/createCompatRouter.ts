import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, isError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import {
  CompatReadStore,
  ErrorReadStore,
  StoredErrorGroup,
  TriageStore,
} from '../../database';
import { entityLookupFor } from '../catalogCredentials';
import { EntityAccess } from '../EntityAccess';
import { principalRef } from '../principalRef';
import { runAudited } from '../runAudited';
import {
  parseResolvePath,
  parseServiceErrorsPath,
} from '../request/parseCompatPath';
import { sendJsonArray } from './sendJsonArray';
import { ServiceDirectory } from './ServiceDirectory';
import {
  MAX_COMPAT_SAMPLES,
  toPeriskopAggregate,
  toPeriskopTargets,
} from './toPeriskopApi';

/** What the Periskop-compatible API needs. */
export interface CompatRouterOptions {
  compat: CompatReadStore;
  reads: Pick<ErrorReadStore, 'listTargets'>;
  triage: Pick<TriageStore, 'resolveErrorGroup'>;
  catalog: CatalogService;
  /** For the catalog reads of service principals (see `catalogCredentialsFor`). */
  auth: Pick<AuthService, 'isPrincipal' | 'getOwnServiceCredentials'>;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** Told that an entity's errors changed by a resolve (see `RouterOptions`). */
  onErrorsChanged?: (entityRefs: readonly string[]) => void;
  now?: () => number;
}

/** Errors answered as Periskop answers its own: a status and a line of text. */
const TEXT_ERRORS = new Map<string, number>([
  ['InputError', 400],
  ['NotAllowedError', 403],
  ['NotFoundError', 404],
  ['ConflictError', 409],
]);

/** Periskop's own text for a service it does not know. */
const serviceNotFound = (service: string) => () =>
  new NotFoundError(`service ${service} not found`);

/**
 * The Periskop server's read and resolve API, mounted at
 * `/api/periskop/compat`, so that tools written for a Periskop server (its
 * web UI, the community Backstage Periskop plugin, scripts) work against
 * this plugin:
 *
 * - `GET /services/`: the service names the caller may read, sorted;
 * - `GET /services/{service}/errors/`: the service's open error groups,
 *   newest last seen first, each with its newest
 *   {@link MAX_COMPAT_SAMPLES} samples (see `toPeriskopApi.ts`);
 * - `DELETE /services/{service}/errors/{key}/`: resolves a group, 204; the
 *   key may contain `/` and may be sent encoded or not;
 * - `GET /targets/`: the scraped endpoints per service.
 *
 * @remarks
 * Backstage auth applies as on the rest of the API: user or service
 * tokens (a service token needs no access to the catalog, see
 * `catalogCredentialsFor`); a service is an annotated entity the catalog
 * shows the caller
 * and whose errors they may read (`periskop.error.read`), anything else is
 * Periskop's 404 `service <name> not found`. A name carried by several
 * such entities answers 409 naming them (it is listed once by
 * `/services/` and left out of `/targets/`). Resolving needs
 * `periskop.error.resolve` (403 otherwise), is audited as `error-resolve`
 * and keeps our semantics: the group reopens, as a regression, only on a
 * new occurrence, not (as on Periskop's server) because a client still
 * reports it. Only open groups are listed, as Periskop lists only
 * unresolved ones. An unknown key of a known service is a 404 (Periskop
 * answers 204 whatever the key). Query parameters are ignored, as
 * Periskop does.
 */
export function createCompatRouter(
  options: CompatRouterOptions,
): express.Router {
  const { compat, reads, triage, httpAuth, auditor } = options;
  const now = options.now ?? Date.now;
  const directory = new ServiceDirectory(options);
  const access = new EntityAccess({
    catalog: entityLookupFor(options.catalog, options.auth),
    permissions: options.permissions,
  });
  const router = Router();

  /** The one entity behind `service` for the caller; 404 or 409 otherwise. */
  async function findService(
    credentials: BackstageCredentials,
    service: string,
  ): Promise<string> {
    const found = await directory.findService(credentials, service);
    if (found.type === 'missing') {
      throw serviceNotFound(service)();
    }
    if (found.type === 'ambiguous') {
      throw new ConflictError(
        `service ${service} is ambiguous: it is the service name of ${found.entityRefs.join(
          ', ',
        )}; give each of them a distinct periskop.io/service-name annotation`,
      );
    }
    return found.entityRef;
  }

  router.get('/services/', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const services = await directory.listServices(credentials);
    res.json([...services.keys()]);
  });

  router.get(/^\/services\/[^/]+\/errors\/?$/, async (req, res) => {
    const { service } = parseServiceErrorsPath(req.path);
    const credentials = await httpAuth.credentials(req);
    const entityRef = await findService(credentials, service);
    const groups = await compat.listServiceErrors({
      entityRef,
      samplesPerGroup: MAX_COMPAT_SAMPLES,
    });
    await sendJsonArray(res, groups, toPeriskopAggregate);
  });

  router.delete(/^\/services\/[^/]+\/errors\/.*$/, async (req, res) => {
    const { service, keys } = parseResolvePath(req.path);
    const credentials = await httpAuth.credentials(req);
    const entityRef = await findService(credentials, service);
    const found = await compat.findErrorGroupsByKey({ entityRef, keys });
    // the decoded key first; the raw one only when no group has the decoded one
    const groups = keys
      .map(key => found.filter(group => group.aggregationKey === key))
      .find(matching => matching.length > 0);
    if (!groups) {
      throw new NotFoundError(
        `error ${keys[0]} not found in service ${service}`,
      );
    }
    await access.check({
      credentials,
      entityRef,
      resolve: true,
      notFound: serviceNotFound(service),
    });
    // one group in practice; two raw keys that redact to the same shown key
    // are two groups that this API cannot tell apart, so both are resolved
    for (const group of groups) {
      await resolve(req, group, credentials);
    }
    options.onErrorsChanged?.([entityRef]);
    res.status(204).end();
  });

  /** Resolves one group as `POST /errors/:id/resolve` does, audited alike. */
  async function resolve(
    req: Request,
    group: StoredErrorGroup,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await runAudited(
      auditor,
      {
        eventId: 'error-resolve',
        severityLevel: 'medium',
        request: req,
        meta: {
          errorId: String(group.id),
          entityRef: group.entityRef,
          aggregationKey: group.aggregationKey,
          api: 'periskop-compat',
        },
      },
      async () => {
        const updated = await triage.resolveErrorGroup(group.id, {
          by: principalRef(credentials),
          at: now(),
        });
        if (!updated) {
          // deleted by retention meanwhile
          throw new NotFoundError(`error ${group.aggregationKey} not found`);
        }
        return {
          result: updated,
          meta: { status: updated.status, previousStatus: group.status },
        };
      },
    );
  }

  router.get('/targets/', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const services = await directory.listServices(credentials);
    const unique = new Map<string, string>();
    for (const [name, entityRefs] of services) {
      // a colliding name is left out: its targets belong to several services
      if (entityRefs.length === 1) {
        unique.set(name, entityRefs[0]);
      }
    }
    const targets = unique.size > 0 ? await reads.listTargets() : [];
    res.json(toPeriskopTargets(unique, targets));
  });

  router.use(
    (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      const status = isError(error) ? TEXT_ERRORS.get(error.name) : undefined;
      if (status === undefined || res.headersSent) {
        next(error);
        return;
      }
      res
        .status(status)
        .type('text/plain')
        .send((error as Error).message);
    },
  );

  return router;
}

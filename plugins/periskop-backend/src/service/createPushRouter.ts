import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { periskopErrorPushPermission } from '@periskop-backstage/plugin-periskop-common';
import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { maskPushKey } from '../push/pushKeys';
import { PushRateLimiter } from '../push/PushRateLimiter';
import { PushReceiver, PushTarget } from '../push/PushReceiver';
import { parseEntityRef } from './request/parseEntityRef';
import { readBoundedBody } from './request/readBoundedBody';
import { TooManyRequestsError } from './request/httpStatusErrors';

/** What the push routes need. */
export interface PushRouterOptions {
  receiver: PushReceiver;
  limiter: PushRateLimiter;
  httpAuth: HttpAuthService;
  /** For `periskop.error.push`, which token pushes need. */
  permissions: PermissionsService;
  /** As `periskop.scrape.maxBodyBytes`. */
  maxBodyBytes: number;
}

/**
 * Where unmodified Periskop clients push: `POST /push/<key>/errors`, the
 * key in the path because `PushToGateway(addr)` and `push_to_gateway(addr)`
 * post to `<addr>/errors` and cannot add a header; and
 * `POST /entities/<namespace>/<kind>/<name>/push/errors` for clients that
 * can send a Backstage token (service principals only, e.g. a static
 * token of `backend.auth.externalAccess`, which `periskop.error.push` must
 * allow: a token restricted to that permission can push and do nothing
 * else).
 *
 * Mounted before any body parser: the body is read raw, whatever its
 * content type. A key that is malformed, unknown, rotated, or whose
 * entity left the catalog is the same 404, which says nothing about any
 * entity.
 */
export function createPushRouter(options: PushRouterOptions): express.Router {
  const { receiver, limiter, httpAuth, permissions, maxBodyBytes } = options;
  const router = Router();

  async function push(
    req: Request,
    res: Response,
    target: PushTarget,
    limitKey: string,
  ) {
    const retryAfter = limiter.take(limitKey);
    if (retryAfter > 0) {
      res.setHeader('Retry-After', String(retryAfter));
      throw new TooManyRequestsError(
        'Too many pushes (periskop.push.maxPushesPerMinute)',
        retryAfter,
      );
    }
    const body = await readBoundedBody(req, res, maxBodyBytes);
    const outcome = await receiver.receive(target, body);
    if (!outcome.ok) {
      // the pusher's own body: its reason may be told (it is not a third party's)
      throw new InputError(`Not a Periskop payload: ${outcome.reason}`);
    }
    res.json({
      instance: outcome.instanceKey,
      newOccurrences: outcome.newOccurrences,
      errorKeys: outcome.errorKeys,
      warnings: outcome.warnings,
    });
  }

  // `addr` given with a trailing slash makes the clients post `…//errors`
  router.post(['/push/:key/errors', '/push/:key//errors'], async (req, res) => {
    const key = String(req.params.key);
    // Backstage's request log (and its error log) write the URL when the
    // response is done: without the secret in it.
    req.originalUrl = req.originalUrl.split(key).join(maskPushKey(key));
    const target = await receiver.targetOfKey(key);
    if (!target) {
      throw new NotFoundError('No such push key');
    }
    await push(req, res, target, `key:${target.keyHash}`);
  });

  router.post(
    '/entities/:namespace/:kind/:name/push/errors',
    async (req, res) => {
      const entityRef = parseEntityRef(req.params);
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      const [decision] = await permissions.authorize(
        [{ permission: periskopErrorPushPermission, resourceRef: entityRef }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`You may not push errors for ${entityRef}`);
      }
      const target = await receiver.targetOfEntity(entityRef);
      if (!target) {
        throw new NotFoundError(`No entity ${entityRef}`);
      }
      await push(req, res, target, `entity:${entityRef}`);
    },
  );

  return router;
}

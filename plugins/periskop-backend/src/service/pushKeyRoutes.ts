import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  isPeriskopAvailable,
  PushKeyCreated,
  PushKeyStatus,
} from '@periskop-backstage/plugin-periskop-common';
import type { TypedRouter } from '@backstage/backend-openapi-utils';
import { Request } from 'express';
import { PushKeyStore, StoredPushKey } from '../database';
import type { EndpointMap } from '../schema/openapi';
import { generatePushKey, hashPushKey, pushKeyHint } from '../push/pushKeys';
import { EntityAccess, entityNotFound } from './EntityAccess';
import { parseEntityRef } from './request/parseEntityRef';
import { parseNoQuery } from './request/parseNoQuery';
import { principalRef } from './principalRef';
import { runAudited } from './runAudited';

const PUSH_KEY_PATH = '/entities/:namespace/:kind/:name/push-key';

/**
 * Adds the routes of an entity's push key to the API's router: its status
 * for whoever may read the entity's errors, creating (rotating) and
 * revoking it for whoever may manage it (`periskop.pushKey.manage`). The
 * key itself is only in the answer that created it; only its hash is
 * stored.
 */
export function addPushKeyRoutes(
  router: TypedRouter<EndpointMap>,
  options: {
    pushKeys: PushKeyStore;
    access: EntityAccess;
    httpAuth: HttpAuthService;
    auditor: AuditorService;
    /** The plugin's external base URL (`…/api/periskop`), for push URLs. */
    externalBaseUrl: () => Promise<string>;
    now: () => number;
  },
): void {
  const { pushKeys, access, httpAuth, auditor, now } = options;

  /** The entity and the caller, when the caller may (read and) manage the key. */
  async function authorize(
    req: Request<object, any, unknown, unknown>,
    manage: boolean,
  ) {
    const entityRef = parseEntityRef(req.params);
    parseNoQuery(req.query);
    const credentials = await httpAuth.credentials(req);
    const entity = await access.check({
      credentials,
      entityRef,
      ...(manage ? { action: 'managePushKey' as const } : {}),
      notFound: entityNotFound(entityRef),
    });
    return { entityRef, entity, credentials };
  }

  router.get(PUSH_KEY_PATH, async (req, res) => {
    const { entityRef } = await authorize(req, false);
    res.json(toPushKeyStatus(await pushKeys.getPushKey(entityRef)));
  });

  // Creating a key replaces the current one (a rotation): the old key
  // stops working at once.
  router.post(PUSH_KEY_PATH, async (req, res) => {
    const { entityRef, entity, credentials } = await authorize(req, true);
    if (!isPeriskopAvailable(entity)) {
      throw new ConflictError(
        `${entityRef} has neither a periskop.io/targets nor a periskop.io/service-name annotation; add one to push its errors`,
      );
    }
    const body = await runAudited(
      auditor,
      {
        eventId: 'push-key-create',
        severityLevel: 'high',
        request: req,
        meta: { entityRef },
      },
      async () => {
        const key = generatePushKey();
        const stored = await pushKeys.replacePushKey({
          entityRef,
          keyHash: hashPushKey(key),
          hint: pushKeyHint(key),
          at: now(),
          by: principalRef(credentials),
        });
        const created: PushKeyCreated = {
          ...toPushKeyStatus(stored),
          key,
          pushUrl: `${await options.externalBaseUrl()}/push/${key}`,
        };
        return { result: created };
      },
    );
    res.status(201).json(body);
  });

  router.delete(PUSH_KEY_PATH, async (req, res) => {
    const { entityRef } = await authorize(req, true);
    await runAudited(
      auditor,
      {
        eventId: 'push-key-revoke',
        severityLevel: 'medium',
        request: req,
        meta: { entityRef },
      },
      async () => {
        const revoked = await pushKeys.deletePushKey(entityRef);
        return { result: revoked, meta: { revoked } };
      },
    );
    res.status(204).end();
  });
}

/** A push key as the API shows it: never the key, nor its hash. */
function toPushKeyStatus(key: StoredPushKey | undefined): PushKeyStatus {
  const iso = (ms: number | null | undefined) =>
    ms === null || ms === undefined ? null : new Date(ms).toISOString();
  return {
    exists: key !== undefined,
    createdAt: iso(key?.createdAt),
    createdBy: key?.createdBy ?? null,
    hint: key?.hint ?? null,
    lastUsedAt: iso(key?.lastUsedAt),
  };
}

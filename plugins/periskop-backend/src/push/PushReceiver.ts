import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  getPeriskopServiceName,
  isPeriskopAvailable,
  readPeriskopPayload,
} from '@periskop-backstage/plugin-periskop-common';
import { instanceKeyOf } from '../aggregation';
import {
  anonymousPushInstanceKey,
  PushIngestStore,
  pushedInstanceUrl,
} from '../database';
import type { IngestObserver } from '../live/IngestObserver';
import { applyReadPayload, firstWarningText } from '../scrape/applyReadPayload';
import { hashPushKey, isWellFormedPushKey } from './pushKeys';

/** The entity a push is for, once its key or token was accepted. */
export interface PushTarget {
  entityRef: string;
  serviceName: string;
  /** The hash of the push key that was used; absent for a static token. */
  keyHash?: string;
}

/** What a push counted, or why its body was refused. */
export type PushOutcome =
  | {
      ok: true;
      /** `target_uuid` of the pushing collector, or `push:<entity ref>` without one. */
      instanceKey: string;
      newOccurrences: number;
      errorKeys: number;
      /** Malformed items skipped, as for a scrape. */
      warnings: number;
    }
  | { ok: false; reason: string };

/**
 * Receives pushed payloads: a push is a scrape that the instance started,
 * so the payload goes through the same reader, caps, redaction and exact
 * counting (`applyReadPayload`) as a scraped one, as a snapshot of one
 * collector (`target_uuid`). The same payload pushed twice counts once; a
 * new collector (a job's next run) counts all of its errors.
 */
export class PushReceiver {
  constructor(
    private readonly options: {
      /** What `applyReadPayload` needs: the ingest store and the redaction. */
      apply: Parameters<typeof applyReadPayload>[0];
      pushes: PushIngestStore;
      catalog: Pick<CatalogService, 'getEntityByRef'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      /** As `periskop.scrape.maxKeysPerTarget`. */
      maxKeys: number;
      logger: LoggerService;
      /**
       * Told what each push changed (notifications, live-update signals),
       * without the push waiting for it; none when absent.
       */
      observer?: IngestObserver;
      now?: () => number;
    },
  ) {}

  /**
   * The entity of a push key, when the key is current and its entity is
   * still in the catalog with a Periskop annotation; undefined otherwise,
   * for every reason alike.
   */
  async targetOfKey(key: string): Promise<PushTarget | undefined> {
    if (!isWellFormedPushKey(key)) {
      return undefined;
    }
    const keyHash = hashPushKey(key);
    const entityRef = await this.#unavailableOnFailure(
      'look up a push key',
      () => this.options.pushes.findPushKeyEntity(keyHash),
    );
    if (entityRef === undefined) {
      return undefined;
    }
    const target = await this.targetOfEntity(entityRef);
    return target && { ...target, keyHash };
  }

  /** The entity, when it is in the catalog with a Periskop annotation. */
  async targetOfEntity(entityRef: string): Promise<PushTarget | undefined> {
    const entity = await this.#unavailableOnFailure(
      `read ${entityRef} from the catalog`,
      async () =>
        this.options.catalog.getEntityByRef(entityRef, {
          credentials: await this.options.auth.getOwnServiceCredentials(),
        }),
    );
    if (!entity || !isPeriskopAvailable(entity)) {
      return undefined;
    }
    return { entityRef, serviceName: getPeriskopServiceName(entity) };
  }

  /**
   * Runs a lookup of the database or the catalog; their failures (whose
   * messages name hosts and statements) are logged, and answered with a
   * plain 503 to a caller who need not even hold a key.
   */
  async #unavailableOnFailure<T>(
    what: string,
    lookup: () => Promise<T>,
  ): Promise<T> {
    try {
      return await lookup();
    } catch (error) {
      this.options.logger.error(`Failed to ${what} for a push`, error as Error);
      throw new ServiceUnavailableError(
        'The push could not be taken now; nothing was counted, push again later',
      );
    }
  }

  /**
   * Counts and stores one pushed body. A store failure is a
   * `ServiceUnavailableError` (503), logged in full.
   */
  async receive(target: PushTarget, body: Buffer): Promise<PushOutcome> {
    const now = (this.options.now ?? Date.now)();
    const read = readPeriskopPayload(body, { maxKeys: this.options.maxKeys });
    if (!read.ok) {
      return { ok: false, reason: read.reason };
    }
    // Without a target_uuid all pushes of the entity are one instance, and
    // a drop in a count is read as a restart, as for a scraped URL.
    const instanceKey = instanceKeyOf(
      read.targetUuid,
      anonymousPushInstanceKey(target.entityRef),
    );
    let result;
    try {
      result = await applyReadPayload(this.options.apply, {
        entityRef: target.entityRef,
        serviceName: target.serviceName,
        instanceKey,
        url: pushedInstanceUrl(instanceKey),
        now,
        read,
      });
    } catch (error) {
      // the database's message (hosts, SQL) goes to the log only; the
      // client may simply push again, nothing was counted
      this.options.logger.error(
        `Failed to store a push for ${target.entityRef}`,
        error as Error,
      );
      throw new ServiceUnavailableError(
        'The push could not be stored; nothing was counted, push again later',
      );
    }
    const { applied, warnings } = result;
    if (warnings.length > 0) {
      this.options.logger.warn(
        `Skipped ${warnings.length} malformed item(s) in a push for ${
          target.entityRef
        }: ${firstWarningText(warnings)}`,
      );
    }
    try {
      await this.options.pushes.recordPush({
        entityRef: target.entityRef,
        instanceKey,
        at: now,
        payloadBytes: body.length,
        errorKeys: read.aggregates.length,
        warnings: warnings.length,
        firstWarning: firstWarningText(warnings),
        limitNotice: applied.limitNotice,
        keyHash: target.keyHash,
      });
    } catch (error) {
      // counted already: only the health row is missing, the push succeeded
      this.options.logger.warn(
        `Failed to record the push health of ${target.entityRef}: ${error}`,
      );
    }
    // the client need not wait for notifications; the observer never rejects
    void this.options.observer?.afterIngest({
      changedEntityRefs: applied.newOccurrences > 0 ? [target.entityRef] : [],
      transitions: applied.transitions,
    });
    return {
      ok: true,
      instanceKey,
      newOccurrences: applied.newOccurrences,
      errorKeys: read.aggregates.length,
      warnings: warnings.length,
    };
  }
}

import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  ErrorDetails,
  ErrorGroup,
  ErrorGroupListResponse,
  ErrorListQuery,
  ErrorSummary,
  ErrorSummaryQuery,
  OccurrencesQuery,
  OccurrencesResponse,
  OverviewQuery,
  OverviewResponse,
  PushKeyCreated,
  PushKeyStatus,
  TargetHealthListResponse,
} from '@periskop-backstage/plugin-periskop-common';

/**
 * Health of the Periskop backend plugin, as answered by `GET /health`.
 *
 * @public
 */
export interface PeriskopBackendHealth {
  /** Always `ok`: the plugin answered. */
  status: 'ok';
  /**
   * How often targets are scraped; the UI refreshes at this pace unless it
   * gets live updates.
   */
  scrapeIntervalSeconds: number;
  /**
   * Whether the backend publishes a Backstage signal when errors change
   * (the signals backend is installed); the UI then refreshes on it when
   * the app has the signals plugin too.
   */
  liveUpdates: boolean;
}

/**
 * Client of the Periskop backend plugin's HTTP API (`/api/periskop`).
 *
 * @public
 */
export interface PeriskopApi {
  /** Whether the backend plugin is installed and answering. */
  getHealth(): Promise<PeriskopBackendHealth>;
  /** One page of an entity's error groups. */
  listErrors(
    entity: CompoundEntityRef,
    query?: ErrorListQuery,
  ): Promise<ErrorGroupListResponse>;
  /**
   * What the errors card shows: counts of an entity's errors, computed by
   * the backend over every group, and its most frequent open groups of the
   * last 24 hours with their sparklines.
   */
  getErrorSummary(
    entity: CompoundEntityRef,
    query?: ErrorSummaryQuery,
  ): Promise<ErrorSummary>;
  /**
   * One page of the error groups of every entity the user may read (the
   * org-wide search), with the same filters as {@link PeriskopApi.listErrors};
   * each group names its entity in `entityRef`.
   */
  searchErrors(query?: ErrorListQuery): Promise<ErrorGroupListResponse>;
  /** One error group with its samples and per-instance counts. */
  getError(id: string): Promise<ErrorDetails>;
  /** Occurrences of one group over time, zero-filled. */
  getOccurrences(
    id: string,
    query?: OccurrencesQuery,
  ): Promise<OccurrencesResponse>;
  /** Marks a group resolved by the signed-in user. */
  resolveError(id: string): Promise<ErrorGroup>;
  /** Reopens a resolved group. */
  unresolveError(id: string): Promise<ErrorGroup>;
  /** The scrape targets of an entity with their health. */
  listTargets(entity: CompoundEntityRef): Promise<TargetHealthListResponse>;
  /** One row per annotated entity the user may read. */
  getOverview(query?: OverviewQuery): Promise<OverviewResponse>;
  /**
   * Whether the entity has a push key, with who created it and when it was
   * last used; never the key itself.
   */
  getPushKey(entity: CompoundEntityRef): Promise<PushKeyStatus>;
  /**
   * Creates the entity's push key, replacing any previous one (which stops
   * working at once). The answer is the only time the key and its push URL
   * are shown.
   */
  createPushKey(entity: CompoundEntityRef): Promise<PushKeyCreated>;
  /** Revokes the entity's push key: pushes with it are refused from now on. */
  deletePushKey(entity: CompoundEntityRef): Promise<void>;
}

/**
 * Reference to the {@link PeriskopApi}, for `useApi` and API factories.
 *
 * @public
 */
export const periskopApiRef = createApiRef<PeriskopApi>({
  id: 'plugin.periskop.service',
});

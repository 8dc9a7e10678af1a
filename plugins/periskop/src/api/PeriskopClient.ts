import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import { DefaultApiClient, TypedResponse } from '../schema/openapi';
import { PeriskopApi, PeriskopBackendHealth } from './PeriskopApi';

/** The path parameters of an entity's routes. */
function entityPath(entity: CompoundEntityRef) {
  return { namespace: entity.namespace, kind: entity.kind, name: entity.name };
}

/**
 * A query without its unset and empty values: a form's empty search field
 * asks for nothing, not for an empty search.
 */
function setValues<T extends object>(query: T): T {
  return Object.fromEntries(
    Object.entries(query).filter(
      ([, value]) => value !== undefined && value !== '',
    ),
  ) as T;
}

/**
 * Default {@link PeriskopApi} implementation. Requests go through the app's
 * `fetchApi`, so the signed-in user's Backstage token is sent along.
 *
 * @remarks
 * Built on the client generated from the backend's OpenAPI spec
 * (`src/schema/openapi/generated`), so paths, parameters and answers are
 * typed by the spec; returning its answers as the common types of
 * `@periskop-backstage/plugin-periskop-common` makes the compiler check
 * that the two agree.
 *
 * @public
 */
export class PeriskopClient implements PeriskopApi {
  private readonly api: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.api = new DefaultApiClient(options);
  }

  /** {@inheritDoc PeriskopApi.getHealth} */
  getHealth(): Promise<PeriskopBackendHealth> {
    return answer(this.api.getHealth({}));
  }

  /** {@inheritDoc PeriskopApi.listErrors} */
  listErrors(
    entity: CompoundEntityRef,
    query: ErrorListQuery = {},
  ): Promise<ErrorGroupListResponse> {
    return answer(
      this.api.listErrors({
        path: entityPath(entity),
        query: setValues(query),
      }),
    );
  }

  /** {@inheritDoc PeriskopApi.getErrorSummary} */
  getErrorSummary(
    entity: CompoundEntityRef,
    query: ErrorSummaryQuery = {},
  ): Promise<ErrorSummary> {
    return answer(
      this.api.getErrorSummary({
        path: entityPath(entity),
        query: setValues(query),
      }),
    );
  }

  /** {@inheritDoc PeriskopApi.searchErrors} */
  searchErrors(query: ErrorListQuery = {}): Promise<ErrorGroupListResponse> {
    return answer(this.api.searchErrors({ query: setValues(query) }));
  }

  /** {@inheritDoc PeriskopApi.getError} */
  getError(id: string): Promise<ErrorDetails> {
    return answer(this.api.getError({ path: { id } }));
  }

  /** {@inheritDoc PeriskopApi.getOccurrences} */
  getOccurrences(
    id: string,
    query: OccurrencesQuery = {},
  ): Promise<OccurrencesResponse> {
    return answer(
      this.api.getOccurrences({ path: { id }, query: setValues(query) }),
    );
  }

  /** {@inheritDoc PeriskopApi.resolveError} */
  resolveError(id: string): Promise<ErrorGroup> {
    return answer(this.api.resolveError({ path: { id } }));
  }

  /** {@inheritDoc PeriskopApi.unresolveError} */
  unresolveError(id: string): Promise<ErrorGroup> {
    return answer(this.api.unresolveError({ path: { id } }));
  }

  /** {@inheritDoc PeriskopApi.listTargets} */
  listTargets(entity: CompoundEntityRef): Promise<TargetHealthListResponse> {
    return answer(this.api.listTargets({ path: entityPath(entity) }));
  }

  /** {@inheritDoc PeriskopApi.getOverview} */
  getOverview(query: OverviewQuery = {}): Promise<OverviewResponse> {
    return answer(this.api.getOverview({ query: setValues(query) }));
  }

  /** {@inheritDoc PeriskopApi.getPushKey} */
  getPushKey(entity: CompoundEntityRef): Promise<PushKeyStatus> {
    return answer(this.api.getPushKey({ path: entityPath(entity) }));
  }

  /** {@inheritDoc PeriskopApi.createPushKey} */
  createPushKey(entity: CompoundEntityRef): Promise<PushKeyCreated> {
    return answer(this.api.createPushKey({ path: entityPath(entity) }));
  }

  /** {@inheritDoc PeriskopApi.deletePushKey} */
  deletePushKey(entity: CompoundEntityRef): Promise<void> {
    return answer(this.api.deletePushKey({ path: entityPath(entity) }));
  }
}

/** The body of a successful answer; a `ResponseError` for any other. */
async function answer<T>(pending: Promise<TypedResponse<T>>): Promise<T> {
  const response = await pending;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  // 204 No Content (a revoke) has no body to parse
  if (response.status === 204) {
    return undefined as T;
  }
  return response.json();
}

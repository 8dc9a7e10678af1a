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
import { PeriskopApi, PeriskopBackendHealth } from './PeriskopApi';

type QueryValue = string | number | boolean | string[] | undefined;

function toSearch(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      params.append(key, String(item));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function entityPath(entity: CompoundEntityRef): string {
  return [entity.namespace, entity.kind, entity.name]
    .map(encodeURIComponent)
    .join('/');
}

/**
 * Default {@link PeriskopApi} implementation. Requests go through the app's
 * `fetchApi`, so the signed-in user's Backstage token is sent along.
 *
 * @public
 */
export class PeriskopClient implements PeriskopApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc PeriskopApi.getHealth} */
  getHealth(): Promise<PeriskopBackendHealth> {
    return this.request('/health');
  }

  /** {@inheritDoc PeriskopApi.listErrors} */
  listErrors(
    entity: CompoundEntityRef,
    query: ErrorListQuery = {},
  ): Promise<ErrorGroupListResponse> {
    return this.request(
      `/entities/${entityPath(entity)}/errors${toSearch({ ...query })}`,
    );
  }

  /** {@inheritDoc PeriskopApi.getErrorSummary} */
  getErrorSummary(
    entity: CompoundEntityRef,
    query: ErrorSummaryQuery = {},
  ): Promise<ErrorSummary> {
    return this.request(
      `/entities/${entityPath(entity)}/summary${toSearch({ ...query })}`,
    );
  }

  /** {@inheritDoc PeriskopApi.getError} */
  getError(id: string): Promise<ErrorDetails> {
    return this.request(`/errors/${encodeURIComponent(id)}`);
  }

  /** {@inheritDoc PeriskopApi.getOccurrences} */
  getOccurrences(
    id: string,
    query: OccurrencesQuery = {},
  ): Promise<OccurrencesResponse> {
    return this.request(
      `/errors/${encodeURIComponent(id)}/occurrences${toSearch({ ...query })}`,
    );
  }

  /** {@inheritDoc PeriskopApi.resolveError} */
  resolveError(id: string): Promise<ErrorGroup> {
    return this.request(`/errors/${encodeURIComponent(id)}/resolve`, 'POST');
  }

  /** {@inheritDoc PeriskopApi.unresolveError} */
  unresolveError(id: string): Promise<ErrorGroup> {
    return this.request(`/errors/${encodeURIComponent(id)}/unresolve`, 'POST');
  }

  /** {@inheritDoc PeriskopApi.listTargets} */
  listTargets(entity: CompoundEntityRef): Promise<TargetHealthListResponse> {
    return this.request(`/entities/${entityPath(entity)}/targets`);
  }

  /** {@inheritDoc PeriskopApi.getOverview} */
  getOverview(query: OverviewQuery = {}): Promise<OverviewResponse> {
    return this.request(`/overview${toSearch({ ...query })}`);
  }

  /** {@inheritDoc PeriskopApi.getPushKey} */
  getPushKey(entity: CompoundEntityRef): Promise<PushKeyStatus> {
    return this.request(`/entities/${entityPath(entity)}/push-key`);
  }

  /** {@inheritDoc PeriskopApi.createPushKey} */
  createPushKey(entity: CompoundEntityRef): Promise<PushKeyCreated> {
    return this.request(`/entities/${entityPath(entity)}/push-key`, 'POST');
  }

  /** {@inheritDoc PeriskopApi.deletePushKey} */
  async deletePushKey(entity: CompoundEntityRef): Promise<void> {
    await this.request(`/entities/${entityPath(entity)}/push-key`, 'DELETE');
  }

  private async request<T>(path: string, method = 'GET'): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('periskop');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    // 204 No Content (a revoke) has no body to parse
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}

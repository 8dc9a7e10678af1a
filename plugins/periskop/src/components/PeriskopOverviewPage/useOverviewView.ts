import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { periskopApiRef } from '../../api';
import { OverviewView } from './overviewParams';

/** What {@link useOverviewView} decided. */
export interface OverviewViewState {
  /** Undefined while it is being decided. */
  view: OverviewView | undefined;
  /** The ownership refs of the signed-in user; none when unknown. */
  owners: string[];
  ownersLoading: boolean;
}

/** The ownership refs of the signed-in user; none when unknown. */
function useOwnership() {
  const identityApi = useApi(identityApiRef);
  const { value, loading } = useAsync(async () => {
    try {
      const identity = await identityApi.getBackstageIdentity();
      return identity.ownershipEntityRefs ?? [];
    } catch {
      return [];
    }
  }, [identityApi]);
  return { owners: value ?? [], loading };
}

/**
 * Whose entities the overview lists. Without an explicit choice in the
 * URL: "My teams" when the user's ownership refs select at least one
 * annotated entity, otherwise "All" (a guest, or someone whose teams own
 * no scraped service).
 */
export function useOverviewView(
  explicit: OverviewView | undefined,
): OverviewViewState {
  const api = useApi(periskopApiRef);
  const { owners, loading: ownersLoading } = useOwnership();
  const ownersKey = owners.join('\n');
  const { value } = useAsync(async (): Promise<OverviewView | undefined> => {
    if (explicit || ownersLoading) return undefined;
    if (ownersKey === '') return 'all';
    try {
      const mine = await api.getOverview({ owner: ownersKey.split('\n') });
      return mine.items.length > 0 ? 'mine' : 'all';
    } catch {
      return 'all';
    }
  }, [api, explicit, ownersLoading, ownersKey]);
  return { view: explicit ?? value, owners, ownersLoading };
}

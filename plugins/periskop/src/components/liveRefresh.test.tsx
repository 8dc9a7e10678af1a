import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  ErrorGroup,
  ErrorSummary,
  PERISKOP_ERRORS_SIGNAL_CHANNEL,
  PeriskopErrorsSignal,
} from '@periskop-backstage/plugin-periskop-common';
import { act, configure, screen, waitFor } from '@testing-library/react';
import { PeriskopApi, periskopApiRef } from '../api';
import type { ErrorDetailsDrawerProps } from './ErrorDetails';
import { EntityPeriskopCard } from './EntityPeriskopCard';
import { EntityPeriskopContent } from './EntityPeriskopContent';
import { PeriskopOverviewContent } from './PeriskopOverviewPage/PeriskopOverviewContent';

// The Errors tab, its drawer, the card and the overview refetch when the
// backend's signal says their errors changed (see useLiveRefresh).

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);

// The drawer shows the refresh it was given (its own fetching on that tick
// is ErrorDetailsDrawer.test.tsx's business).
jest.mock('./ErrorDetails', () => ({
  ErrorDetailsDrawer: (props: ErrorDetailsDrawerProps) =>
    props.errorId ? (
      <div
        data-testid="details-drawer"
        data-refresh-tick={String(props.refreshTick)}
      />
    ) : null,
}));

const API_AUTH = 'component:default/api-auth';
const OTHER = 'component:default/api-feeds';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'api-auth',
    annotations: { 'periskop.io/targets': 'http://127.0.0.1:9101' },
  },
  spec: { type: 'service', owner: 'team-identity', lifecycle: 'production' },
};

function signals() {
  const subscribers = new Set<(message: PeriskopErrorsSignal) => void>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      expect(channel).toBe(PERISKOP_ERRORS_SIGNAL_CHANNEL);
      const subscriber = onMessage as unknown as (
        message: PeriskopErrorsSignal,
      ) => void;
      subscribers.add(subscriber);
      return { unsubscribe: () => subscribers.delete(subscriber) };
    },
  };
  return {
    api,
    changed: (...entityRefs: string[]) =>
      act(() => subscribers.forEach(s => s({ entityRefs }))),
  };
}

const summary: ErrorSummary = {
  openErrors: 0,
  regressedErrors: 0,
  newErrors: 0,
  occurrences: 0,
  targetsUp: 1,
  targetsTotal: 1,
  top: [],
};

const group: ErrorGroup = {
  id: '7',
  entityRef: API_AUTH,
  aggregationKey: 'TypeError@1',
  class: 'TypeError',
  message: 'x is undefined',
  severity: 'error',
  status: 'open',
  regressed: false,
  regressedAt: null,
  totalCount: 3,
  firstSeen: new Date().toISOString(),
  lastSeen: new Date().toISOString(),
  resolvedAt: null,
  resolvedBy: null,
  sparkline: new Array(24).fill(0),
};

function fakeApi(): jest.Mocked<PeriskopApi> {
  return {
    getHealth: jest
      .fn()
      .mockResolvedValue({
        status: 'ok',
        scrapeIntervalSeconds: 15,
        liveUpdates: true,
      }),
    listErrors: jest.fn().mockResolvedValue({
      items: [group],
      totalItems: 1,
      severityCounts: { error: 1, warning: 0, info: 0 },
    }),
    getErrorSummary: jest.fn().mockResolvedValue(summary),
    listTargets: jest.fn().mockResolvedValue({ items: [], totalItems: 0 }),
    getOverview: jest.fn().mockResolvedValue({ items: [], totalItems: 0 }),
    getPushKey: jest.fn().mockResolvedValue({
      exists: false,
      createdAt: null,
      createdBy: null,
      hint: null,
      lastUsedAt: null,
    }),
  } as unknown as jest.Mocked<PeriskopApi>;
}

function render(
  element: JSX.Element,
  api: PeriskopApi,
  signalApi: SignalApi,
  route = '/',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [periskopApiRef, api],
        [signalApiRef, signalApi],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [route],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('live refresh on the backend signal', () => {
  it('refetches the Errors tab, its drawer and the targets when the entity is named, and says it is live', async () => {
    const api = fakeApi();
    const signal = signals();
    await render(<EntityPeriskopContent />, api, signal.api, '/?errorId=7');
    await waitFor(() => expect(api.listErrors).toHaveBeenCalledTimes(1));
    await screen.findByText(/^Live, updated /);
    const drawerTick = () =>
      screen.getByTestId('details-drawer').getAttribute('data-refresh-tick');
    const before = drawerTick();

    signal.changed(OTHER);
    signal.changed(API_AUTH, OTHER);
    await waitFor(() => expect(api.listErrors).toHaveBeenCalledTimes(2));
    expect(api.listTargets).toHaveBeenCalledTimes(2);
    expect(drawerTick()).not.toBe(before);
  });

  it('refetches the card when its entity is named, and only then', async () => {
    const api = fakeApi();
    const signal = signals();
    await render(<EntityPeriskopCard />, api, signal.api);
    await waitFor(() => expect(api.getErrorSummary).toHaveBeenCalledTimes(1));

    signal.changed(OTHER);
    signal.changed(API_AUTH);
    await waitFor(() => expect(api.getErrorSummary).toHaveBeenCalledTimes(2));
    signal.changed(OTHER);
    // give a wrong refetch the chance to happen
    await act(async () => {});
    expect(api.getErrorSummary).toHaveBeenCalledTimes(2);
  });

  it('refetches the overview on a signal for any entity', async () => {
    const api = fakeApi();
    const signal = signals();
    await render(<PeriskopOverviewContent />, api, signal.api);
    await waitFor(() => expect(api.getOverview).toHaveBeenCalled());
    // the view settles (whose teams are "mine") before it is shown
    await act(async () => {});
    const calls = api.getOverview.mock.calls.length;

    signal.changed(OTHER);
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenCalledTimes(calls + 1),
    );
  });
});

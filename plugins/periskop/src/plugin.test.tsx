import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { configure, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { PeriskopApi, periskopApiRef } from './api';
import {
  EntityPeriskopCard,
  PeriskopOverviewPage,
  periskopPlugin,
} from './plugin';
import { rootRouteRef } from './routes';

// lazy extensions are slow in jsdom on a busy machine
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);

const api: Partial<PeriskopApi> = {
  getHealth: async () => ({
    status: 'ok',
    scrapeIntervalSeconds: 30,
    liveUpdates: false,
  }),
  listErrors: async () => ({
    items: [],
    totalItems: 0,
    severityCounts: { error: 0, warning: 0, info: 0 },
  }),
  listTargets: async () => ({ items: [], totalItems: 0 }),
  getErrorSummary: async () => ({
    openErrors: 0,
    regressedErrors: 0,
    newErrors: 0,
    occurrences: 0,
    targetsUp: 1,
    targetsTotal: 1,
    top: [],
  }),
  getOverview: async () => ({
    items: [
      {
        entityRef: 'component:default/api-auth',
        title: 'Auth API',
        owner: null,
        openErrors: 1,
        newErrors: 0,
        regressedErrors: 0,
        occurrences: 3,
        targetsUp: 1,
        targetsTotal: 1,
        pushOnly: false,
      },
    ],
    totalItems: 1,
  }),
};

describe('periskop plugin (legacy frontend system)', () => {
  it('has the overview page as its root route', () => {
    expect(periskopPlugin.getId()).toBe('periskop');
    expect(periskopPlugin.routes.root).toBe(rootRouteRef);
  });

  it('renders the overview page at its route with a page header', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [periskopApiRef, api],
          [identityApiRef, mockApis.identity({ ownershipEntityRefs: [] })],
        ]}
      >
        <Routes>
          <Route path="/periskop" element={<PeriskopOverviewPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/periskop'],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );
    expect(
      await screen.findByRole('heading', { name: 'Errors', level: 1 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('Auth API')).toBeInTheDocument();
  });

  it('renders the errors card', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'api-auth',
        annotations: { 'periskop.io/targets': 'http://127.0.0.1:9101' },
      },
    };
    await renderInTestApp(
      <TestApiProvider apis={[[periskopApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityPeriskopCard maxItems={3} />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('No open errors')).toBeInTheDocument();
  });
});

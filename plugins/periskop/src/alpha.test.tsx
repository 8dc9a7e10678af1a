import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { configure, screen } from '@testing-library/react';
import { PeriskopApi, periskopApiRef } from './api';
import periskopPlugin from './alpha';

// lazy extensions and material-table are slow in jsdom on a busy machine
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

const annotated = component({ 'periskop.io/targets': 'http://svc:8080' });
const plain = component({ 'backstage.io/techdocs-ref': 'dir:.' });

describe('periskop plugin (new frontend system)', () => {
  it('adds the errors card to the overview of annotated entities only', () => {
    const card = periskopPlugin.getExtension('entity-card:periskop');
    const tester = createExtensionTester(card);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);

    expect(filter).toBeDefined();
    expect(filter!(annotated)).toBe(true);
    expect(filter!(plain)).toBe(false);
    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('content');
  });

  it('adds the Errors tab at errors to annotated entities only', () => {
    const content = periskopPlugin.getExtension('entity-content:periskop');
    const tester = createExtensionTester(content);
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);

    expect(filter!(annotated)).toBe(true);
    expect(filter!(plain)).toBe(false);
    expect(tester.get(coreExtensionData.routePath)).toBe('/errors');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Errors');
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'observability',
    );
  });

  it('adds the overview page at /periskop with a title and icon for the navigation', () => {
    const page = periskopPlugin.getExtension('page:periskop');
    const tester = createExtensionTester(page);

    expect(tester.get(coreExtensionData.routePath)).toBe('/periskop');
    expect(tester.get(coreExtensionData.title)).toBe('Errors');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();
  });

  it('renders the overview page', async () => {
    const getOverview = jest.fn().mockResolvedValue({
      items: [
        {
          entityRef: 'component:default/api-auth',
          title: 'Auth API',
          owner: 'group:default/team-identity',
          openErrors: 4,
          newErrors: 1,
          regressedErrors: 0,
          occurrences: 42,
          targetsUp: 3,
          targetsTotal: 3,
        },
      ],
      totalItems: 1,
    });
    const api: Partial<PeriskopApi> = {
      getHealth: async () => ({
        status: 'ok',
        scrapeIntervalSeconds: 30,
        liveUpdates: false,
      }),
      getOverview,
    };
    const tester = createExtensionTester(
      periskopPlugin.getExtension('page:periskop'),
    );

    renderInTestApp(tester.reactElement(), {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [periskopApiRef, api],
        mockApis.identity({
          userEntityRef: 'user:default/guest',
          ownershipEntityRefs: ['user:default/guest'],
        }),
      ],
    });

    expect(await screen.findByText('Auth API')).toBeInTheDocument();
    expect(screen.getByText('Owned by your teams')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Auth API' })).toHaveAttribute(
      'href',
      '/catalog/default/component/api-auth/errors',
    );
  });
});

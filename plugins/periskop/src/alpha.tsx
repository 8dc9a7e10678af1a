/**
 * The Periskop frontend plugin for the new frontend system, as the default
 * export (the same plugin is the default export of the main entry point).
 *
 * @packageDocumentation
 */

import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isPeriskopAvailable } from '@periskop-backstage/plugin-periskop-common';
import BugReportIcon from '@material-ui/icons/BugReport';
import { periskopApiRef, PeriskopClient } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

const routes = convertLegacyRouteRefs({
  root: rootRouteRef,
  entityContent: entityContentRouteRef,
});

/** The API client, on the app's discovery and fetch APIs. */
const periskopApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: periskopApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PeriskopClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Errors tab, only on entities that carry a Periskop annotation. The
 * errors card and the overview link to it at `errors`.
 */
const periskopEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/errors',
    title: 'Errors',
    group: 'observability',
    routeRef: routes.entityContent,
    filter: isPeriskopAvailable,
    loader: () =>
      import('./components/EntityPeriskopContent').then(m => (
        <m.EntityPeriskopContent />
      )),
  },
});

/** The errors card of the entity overview tab, on annotated entities. */
const periskopEntityCard = EntityCardBlueprint.make({
  params: {
    type: 'content',
    filter: isPeriskopAvailable,
    loader: () =>
      import('./components/EntityPeriskopCard').then(m => (
        <m.EntityPeriskopCard />
      )),
  },
});

/**
 * The org-wide errors overview at `/periskop`; its title and icon make the
 * app's navigation list it (as "Errors").
 */
const periskopOverviewPage = PageBlueprint.make({
  params: {
    path: '/periskop',
    title: 'Errors',
    icon: <BugReportIcon fontSize="inherit" />,
    routeRef: routes.root,
    // the app's page layout renders the header (as for the catalog)
    loader: () =>
      import('./components/PeriskopOverviewPage').then(m => (
        <m.PeriskopOverviewPageBody />
      )),
  },
});

/**
 * The Periskop frontend plugin for the new frontend system: the API client,
 * the Errors tab (`entity-content:periskop`), the errors card
 * (`entity-card:periskop`) and the errors overview page (`page:periskop`,
 * at `/periskop`, with a navigation item).
 *
 * Also the default export of the package's main entry point, hence public.
 *
 * @public
 */
export default createFrontendPlugin({
  pluginId: 'periskop',
  title: 'Periskop',
  icon: <BugReportIcon fontSize="inherit" />,
  routes,
  extensions: [
    periskopApi,
    periskopEntityContent,
    periskopEntityCard,
    periskopOverviewPage,
  ],
});

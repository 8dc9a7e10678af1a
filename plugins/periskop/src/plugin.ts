import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { periskopApiRef, PeriskopClient } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/**
 * The Periskop frontend plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const periskopPlugin = createPlugin({
  id: 'periskop',
  apis: [
    createApiFactory({
      api: periskopApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PeriskopClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    entityContent: entityContentRouteRef,
  },
});

/**
 * The Errors tab for an entity page (legacy frontend system). Use it with
 * {@link @periskop-backstage/plugin-periskop-common#isPeriskopAvailable}
 * and keep the path `errors`: the errors card and the errors overview link
 * to it there.
 *
 * ```tsx
 * <EntityLayout.Route path="/errors" title="Errors" if={isPeriskopAvailable}>
 *   <EntityPeriskopContent />
 * </EntityLayout.Route>
 * ```
 *
 * @public
 */
export const EntityPeriskopContent = periskopPlugin.provide(
  createRoutableExtension({
    name: 'EntityPeriskopContent',
    component: () =>
      import('./components/EntityPeriskopContent').then(
        m => m.EntityPeriskopContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * The errors card for an entity's overview tab (legacy frontend system):
 * open, regressed and new errors, the most frequent errors of the last 24
 * hours (five by default, see {@link EntityPeriskopCardProps}) with links
 * to the Errors tab, and a warning when Periskop cannot scrape the entity.
 * Refreshes itself at the backend's scrape interval.
 *
 * ```tsx
 * const overviewContent = (
 *   <Grid container spacing={3} alignItems="stretch">
 *     <EntitySwitch>
 *       <EntitySwitch.Case if={isPeriskopAvailable}>
 *         <Grid item md={6}>
 *           <EntityPeriskopCard />
 *         </Grid>
 *       </EntitySwitch.Case>
 *     </EntitySwitch>
 *   </Grid>
 * );
 * ```
 *
 * @public
 */
export const EntityPeriskopCard = periskopPlugin.provide(
  createComponentExtension({
    name: 'EntityPeriskopCard',
    component: {
      lazy: () =>
        import('./components/EntityPeriskopCard').then(
          m => m.EntityPeriskopCard,
        ),
    },
  }),
);

/**
 * The org-wide errors overview page (legacy frontend system): every entity
 * Periskop scrapes with its open, new and regressed errors, occurrences and
 * target health, filtered by "My teams"/"All", text and time window.
 *
 * ```tsx
 * // packages/app/src/App.tsx
 * <Route path="/periskop" element={<PeriskopOverviewPage />} />
 *
 * // packages/app/src/components/Root/Root.tsx
 * <SidebarItem icon={BugReportIcon} to="periskop" text="Errors" />
 * ```
 *
 * @public
 */
export const PeriskopOverviewPage = periskopPlugin.provide(
  createRoutableExtension({
    name: 'PeriskopOverviewPage',
    component: () =>
      import('./components/PeriskopOverviewPage').then(
        m => m.PeriskopOverviewPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

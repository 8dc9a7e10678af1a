import { createRouteRef } from '@backstage/core-plugin-api';

/** The org-wide errors overview page (`/periskop` in the example app). */
export const rootRouteRef = createRouteRef({
  id: 'periskop',
});

/** The Errors tab of an entity page. */
export const entityContentRouteRef = createRouteRef({
  id: 'periskop:entity-content',
});

/*
 * The example Backstage backend: just enough plugins to sign in as a guest,
 * read the example catalog and run the Periskop backend plugin.
 */
import { createBackend } from '@backstage/backend-defaults';
import { examplePermissionPolicyModule } from './examplePermissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: guest sign-in for local development
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog: the example entities in examples/
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// a periskop.io annotation that cannot be used at all is a processing error
backend.add(
  import('@periskop-backstage/plugin-catalog-backend-module-periskop'),
);

// permissions: everyone may read errors, only an entity's owners may
// resolve them (see examplePermissionPolicy.ts)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(examplePermissionPolicyModule);

// Periskop: scrapes the annotated entities' error endpoints
backend.add(import('@periskop-backstage/plugin-periskop-backend'));

// notifications (the owners hear about new and regressed errors) and
// signals (open pages update as soon as errors change)
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();

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

// permissions: everyone may read errors, only an entity's owners may
// resolve them (see examplePermissionPolicy.ts)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(examplePermissionPolicyModule);

// Periskop: scrapes the annotated entities' error endpoints
backend.add(import('@periskop-backstage/plugin-periskop-backend'));

backend.start();

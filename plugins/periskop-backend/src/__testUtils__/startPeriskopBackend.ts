import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { periskopPlugin } from '../plugin';

/** What `startTestBackend` takes besides the plugin itself. */
type Features = NonNullable<Parameters<typeof startTestBackend>[0]['features']>;

/**
 * The plugin in a test backend on `knex`, for tests that seed their data
 * themselves: the scheduler is kept out of the way (the first scrape is a
 * day away). `features` bring the rest (catalog, permissions, auditor).
 * Resolves to the backend's HTTP server.
 */
export async function startPeriskopBackend(options: {
  knex: Knex;
  features: Features;
}) {
  const { server } = await startTestBackend({
    features: [
      periskopPlugin,
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootConfig.factory({
        data: {
          periskop: {
            schedule: { frequency: { hours: 24 }, initialDelay: { hours: 24 } },
          },
        },
      }),
      ...options.features,
    ],
  });
  return server;
}

/**
 * The live-update signal of the Periskop plugins, declared once: the
 * backend publishes it (`@backstage/plugin-signals-node`), the frontend
 * subscribes to it (`@backstage/plugin-signals-react`).
 */

/**
 * The signal channel on which the backend announces that the stored errors
 * of some entities changed: after a scrape cycle or a push that counted new
 * occurrences, and after a resolve or unresolve.
 * @public
 */
export const PERISKOP_ERRORS_SIGNAL_CHANNEL = 'periskop:errors';

/**
 * The message of {@link PERISKOP_ERRORS_SIGNAL_CHANNEL}: only the refs of
 * the entities whose errors changed, no error data. It is broadcast to
 * every signed-in user; a page that shows one of these entities fetches
 * again through the API, which checks the reader's permissions.
 * @public
 */
export type PeriskopErrorsSignal = {
  /** Entity refs as the API returns them (`component:default/api-auth`). */
  entityRefs: string[];
};

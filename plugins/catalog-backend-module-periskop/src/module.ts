import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { PeriskopAnnotationProcessor } from './PeriskopAnnotationProcessor';

/**
 * Catalog module that checks the Periskop annotations of every entity where
 * catalog problems are shown. A `periskop.io/targets` annotation without a
 * single valid target, or a `periskop.io/service-name` too long to be used,
 * is a processing error: the catalog keeps the entity's last good version
 * and shows the error on the entity page. Invalid entries beside valid ones
 * and entries past a limit do not block the entity; the Periskop backend
 * reports them on the entity's Errors tab.
 *
 * @public
 */
export const catalogModulePeriskop = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'periskop',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new PeriskopAnnotationProcessor());
      },
    });
  },
});

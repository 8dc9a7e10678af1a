import type { RootInstanceMetadataService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';

/**
 * The ids of the backend plugins of this Backstage: those installed in
 * this backend (`coreServices.rootInstanceMetadata`, which knows every
 * feature added before start), and those that `discovery.endpoints` routes
 * to other backends of a split deployment. That is what
 * `coreServices.rootSystemMetadata` answers too, but unlike it the instance
 * metadata is provided in every backend, test backends included, so the
 * plugin can depend on it. A plugin found neither way cannot be reached
 * through discovery, so a service that calls it would fail.
 */
export async function installedPlugins(options: {
  instanceMetadata: Pick<RootInstanceMetadataService, 'getInstalledPlugins'>;
  config: Config;
}): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const plugin of await options.instanceMetadata.getInstalledPlugins()) {
    ids.add(plugin.pluginId);
  }
  for (const endpoint of options.config.getOptionalConfigArray(
    'discovery.endpoints',
  ) ?? []) {
    for (const pluginId of endpoint.getOptionalStringArray('plugins') ?? []) {
      ids.add(pluginId);
    }
  }
  return ids;
}

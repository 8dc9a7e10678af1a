import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogCredentialsFor, entityLookupFor } from './catalogCredentials';

describe('catalogCredentialsFor', () => {
  const auth = mockServices.auth({ pluginId: 'periskop' });

  it('reads the catalog as the user for a user', async () => {
    const user = mockCredentials.user('user:default/alice');
    expect(await catalogCredentialsFor(auth, user)).toBe(user);
  });

  it('reads the catalog as the plugin for a service token, restricted or not', async () => {
    for (const service of [
      mockCredentials.service('external:ci'),
      mockCredentials.service('external:ci', {
        permissionAttributes: { action: ['read'] },
      }),
    ]) {
      expect(await catalogCredentialsFor(auth, service)).toEqual(
        mockCredentials.service('plugin:periskop'),
      );
    }
  });

  it('applies to the entity lookups of EntityAccess', async () => {
    const getEntityByRef = jest.fn(async () => undefined);
    const lookup = entityLookupFor({ getEntityByRef }, auth);
    await lookup.getEntityByRef('component:default/api', {
      credentials: mockCredentials.service('external:ci'),
    });
    expect(getEntityByRef).toHaveBeenCalledWith('component:default/api', {
      credentials: mockCredentials.service('plugin:periskop'),
    });
  });
});

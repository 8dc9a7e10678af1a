import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  periskopErrorReadPermission,
  periskopErrorResolvePermission,
  periskopPushKeyManagePermission,
} from '@periskop-backstage/plugin-periskop-common';
import { ExamplePermissionPolicy } from './examplePermissionPolicy';

describe('ExamplePermissionPolicy', () => {
  const userInfo = mockServices.userInfo({
    userEntityRef: 'user:development/guest',
    ownershipEntityRefs: [
      'user:development/guest',
      'group:default/team-identity',
    ],
  });
  const policy = new ExamplePermissionPolicy(userInfo);
  const user = {
    credentials: mockCredentials.user('user:development/guest'),
    info: { userEntityRef: 'user:development/guest', ownershipEntityRefs: [] },
  };

  it('lets everyone read errors', async () => {
    await expect(
      policy.handle({ permission: periskopErrorReadPermission }, user),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it.each([
    ['resolve', periskopErrorResolvePermission],
    ['manage the push key', periskopPushKeyManagePermission],
  ])(
    'lets only owners %s, by a catalog ownership condition',
    async (_, permission) => {
      await expect(policy.handle({ permission }, user)).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:development/guest', 'group:default/team-identity'],
          },
        },
      });
    },
  );
});

import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  periskopErrorReadPermission,
  periskopErrorPushPermission,
  periskopErrorResolvePermission,
  periskopPermissions,
  periskopPushKeyManagePermission,
} from './permissions';

describe('permissions', () => {
  it('reads errors of catalog entities', () => {
    expect(periskopErrorReadPermission).toEqual({
      type: 'resource',
      name: 'periskop.error.read',
      attributes: { action: 'read' },
      resourceType: 'catalog-entity',
    });
    expect(
      isResourcePermission(periskopErrorReadPermission, 'catalog-entity'),
    ).toBe(true);
  });

  it('resolves errors of catalog entities', () => {
    expect(periskopErrorResolvePermission).toEqual({
      type: 'resource',
      name: 'periskop.error.resolve',
      attributes: { action: 'update' },
      resourceType: 'catalog-entity',
    });
  });

  it('manages push keys and pushes with tokens, per catalog entity', () => {
    expect(periskopPushKeyManagePermission).toEqual({
      type: 'resource',
      name: 'periskop.pushKey.manage',
      attributes: { action: 'update' },
      resourceType: 'catalog-entity',
    });
    expect(periskopErrorPushPermission).toEqual({
      type: 'resource',
      name: 'periskop.error.push',
      attributes: { action: 'create' },
      resourceType: 'catalog-entity',
    });
  });

  it('lists all of them', () => {
    expect(periskopPermissions.map(p => p.name)).toEqual([
      'periskop.error.read',
      'periskop.error.resolve',
      'periskop.pushKey.manage',
      'periskop.error.push',
    ]);
  });
});

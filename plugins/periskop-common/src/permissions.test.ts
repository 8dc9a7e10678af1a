import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  periskopErrorReadPermission,
  periskopErrorResolvePermission,
  periskopPermissions,
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

  it('lists all of them', () => {
    expect(periskopPermissions.map(p => p.name)).toEqual([
      'periskop.error.read',
      'periskop.error.resolve',
    ]);
  });
});

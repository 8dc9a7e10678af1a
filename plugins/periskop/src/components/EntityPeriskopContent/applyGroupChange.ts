import {
  ErrorGroup,
  ErrorGroupListResponse,
  ErrorStatusFilter,
} from '@periskop-backstage/plugin-periskop-common';

/**
 * The list after a group changed in the details (resolved, reopened): the
 * row is updated in place, or removed when it no longer matches the status
 * filter, so a resolved group leaves the open list at once instead of
 * after the next refresh.
 */
export function applyGroupChange(
  list: ErrorGroupListResponse,
  group: ErrorGroup,
  status: ErrorStatusFilter,
): ErrorGroupListResponse {
  const index = list.items.findIndex(item => item.id === group.id);
  if (index < 0) return list;
  if (status !== 'all' && group.status !== status) {
    return {
      ...list,
      items: list.items.filter(item => item.id !== group.id),
      totalItems: Math.max(0, list.totalItems - 1),
    };
  }
  const items = [...list.items];
  // resolve answers carry no sparkline; keep the one the list had
  items[index] = {
    ...group,
    sparkline: group.sparkline ?? list.items[index].sparkline,
  };
  return { ...list, items };
}

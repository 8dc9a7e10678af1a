import type { GroupTransition } from '../database';
import {
  MAX_ERROR_NOTIFICATIONS_PER_ENTITY,
  planNotifications,
  selectNotifiable,
} from './planNotifications';
import {
  isAtLeast,
  mostSevere,
  NOTIFICATION_SEVERITY,
} from './notificationSeverity';

const API = 'component:default/api-auth';

function transition(
  groupId: number,
  extra: Partial<GroupTransition> = {},
): GroupTransition {
  return {
    kind: 'new',
    groupId,
    entityRef: API,
    aggregationKey: `TypeError@${groupId}`,
    errorClass: 'TypeError',
    message: `x is undefined (${groupId})`,
    severity: 'error',
    newOccurrences: 1,
    totalCount: 1,
    resolvedBy: null,
    ...extra,
  };
}

describe('notification severity', () => {
  it('maps every Periskop severity, errors to high (critical is for outages)', () => {
    expect(NOTIFICATION_SEVERITY).toEqual({
      error: 'high',
      warning: 'normal',
      info: 'low',
    });
  });

  it('orders the severities', () => {
    expect(isAtLeast('error', 'warning')).toBe(true);
    expect(isAtLeast('warning', 'warning')).toBe(true);
    expect(isAtLeast('info', 'warning')).toBe(false);
    expect(mostSevere(['info', 'warning', 'info'])).toBe('warning');
    expect(mostSevere([])).toBe('info');
  });
});

describe('selectNotifiable', () => {
  const settings = {
    events: ['new', 'regressed'] as const,
    minSeverity: 'warning' as const,
  };

  it('keeps the configured events from the minimum severity on', () => {
    const selected = selectNotifiable(
      [
        transition(1),
        transition(2, { severity: 'warning', kind: 'regressed' }),
        transition(3, { severity: 'info' }),
      ],
      { ...settings, events: [...settings.events] },
    );
    expect(selected.map(t => t.groupId)).toEqual([1, 2]);
    expect(
      selectNotifiable([transition(1), transition(2, { kind: 'regressed' })], {
        events: ['regressed'],
        minSeverity: 'info',
      }).map(t => t.groupId),
    ).toEqual([2]);
  });

  it('keeps one transition per group, the last', () => {
    const selected = selectNotifiable(
      [transition(1), transition(1, { kind: 'regressed', totalCount: 5 })],
      { events: ['new', 'regressed'], minSeverity: 'info' },
    );
    expect(selected).toEqual([
      expect.objectContaining({ kind: 'regressed', totalCount: 5 }),
    ]);
  });
});

describe('planNotifications', () => {
  it('notifies the owners of the entity about one error, with a link into the Errors tab and a scope per error', () => {
    expect(
      planNotifications([transition(42, { totalCount: 3, newOccurrences: 3 })]),
    ).toEqual([
      {
        recipients: { type: 'entity', entityRef: API },
        payload: {
          title: 'New error in api-auth: TypeError',
          description: 'x is undefined (42) — 3 occurrences so far.',
          link: '/catalog/default/component/api-auth/errors?errorId=42',
          severity: 'high',
          topic: API,
          scope: 'periskop:error:42',
          metadata: {
            errorId: '42',
            entityRef: API,
            event: 'new',
            severity: 'error',
          },
        },
      },
    ]);
  });

  it('says a regression came back after a resolve, and by whom it was resolved', () => {
    const [regression] = planNotifications([
      transition(7, {
        kind: 'regressed',
        severity: 'warning',
        newOccurrences: 1,
        totalCount: 12,
        resolvedBy: 'user:default/alice',
        entityRef: 'component:shop/payments',
        message: 'line one\n  line two',
      }),
    ]);
    expect(regression.payload).toMatchObject({
      title: 'Error regressed in shop/payments: TypeError',
      description:
        'line one line two — 1 new occurrence after it was resolved by user:default/alice; 12 in total.',
      link: '/catalog/shop/component/payments/errors?errorId=7',
      severity: 'normal',
      scope: 'periskop:error:7',
    });
  });

  it('shortens long messages', () => {
    const [notification] = planNotifications([
      transition(1, { message: 'x'.repeat(1000) }),
    ]);
    expect(notification.payload.description).toMatch(/^x{299}… — /);
  });

  it('sends the most important errors of an entity one by one and sums up the rest in one notification', () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      transition(i + 1, {
        severity: i === 7 ? 'error' : 'warning',
        errorClass: `E${i + 1}`,
        newOccurrences: i,
      }),
    );
    const other = transition(100, { entityRef: 'component:default/feeds' });
    const planned = planNotifications([...many, other]);
    const forApi = planned.filter(
      n => n.recipients.type === 'entity' && n.recipients.entityRef === API,
    );
    expect(forApi).toHaveLength(MAX_ERROR_NOTIFICATIONS_PER_ENTITY + 1);
    // the error first, then the warnings with the most occurrences
    expect(forApi.slice(0, 5).map(n => n.payload.scope)).toEqual([
      'periskop:error:8',
      'periskop:error:7',
      'periskop:error:6',
      'periskop:error:5',
      'periskop:error:4',
    ]);
    expect(forApi[5].payload).toEqual({
      title: '3 more new or regressed errors in api-auth',
      description: 'E3, E2, E1',
      link: '/catalog/default/component/api-auth/errors',
      severity: 'normal',
      topic: API,
      scope: `periskop:entity:${API}`,
      metadata: { entityRef: API, errors: 3 },
    });
    expect(
      planned.filter(n => n.payload.scope === 'periskop:error:100'),
    ).toHaveLength(1);
  });
});

import { usableSrvRecords } from './expandTargetSpec';

describe('usableSrvRecords', () => {
  it('drops "." targets and port 0, normalises names and orders by preference', () => {
    expect(
      usableSrvRecords([
        { name: 'B.svc.', port: 80, priority: 10, weight: 5 },
        { name: '.', port: 80, priority: 0, weight: 0 },
        { name: '', port: 80, priority: 0, weight: 0 },
        { name: 'zero.svc', port: 0, priority: 0, weight: 0 },
        { name: 'a.svc', port: 81, priority: 10, weight: 5 },
        { name: 'a.svc', port: 80, priority: 10, weight: 5 },
        { name: 'heavy.svc', port: 80, priority: 10, weight: 50 },
        { name: 'first.svc', port: 80, priority: 1, weight: 0 },
      ]).map(r => `${r.name}:${r.port}`),
    ).toEqual([
      'first.svc:80',
      'heavy.svc:80',
      'a.svc:80',
      'a.svc:81',
      'b.svc:80',
    ]);
  });
});

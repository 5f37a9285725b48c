import { BOOKING_ACTIONS, BOOKING_STATUSES } from '@yixiang/contracts';
import { nextStatus, usageInterval } from './state-machine';

describe('booking state machine', () => {
  it.each([
    ['approve', 'requested', 'approved'],
    ['reject', 'requested', 'rejected'],
    ['cancel', 'requested', 'cancelled'],
    ['cancel', 'approved', 'cancelled'],
    ['check-in', 'approved', 'in_use'],
    ['check-out', 'in_use', 'completed'],
    ['no-show', 'approved', 'no_show'],
  ] as const)('%s takes %s to %s', (action, from, to) => {
    expect(nextStatus(action, from)).toBe(to);
  });

  it('refuses every other pair, and nothing leaves a final status', () => {
    const legal = new Set(['approve:requested', 'reject:requested', 'cancel:requested', 'cancel:approved', 'check-in:approved', 'check-out:in_use', 'no-show:approved']);
    for (const action of BOOKING_ACTIONS) {
      for (const status of BOOKING_STATUSES) {
        expect(nextStatus(action, status) !== null).toBe(legal.has(`${action}:${status}`));
      }
    }
    for (const final of ['completed', 'rejected', 'cancelled', 'no_show'] as const) {
      expect(BOOKING_ACTIONS.map((a) => nextStatus(a, final)).filter(Boolean)).toEqual([]);
    }
  });

  it('records usage in whole minutes, at least one', () => {
    const u = usageInterval(new Date('2026-12-01T01:00:40Z'), new Date('2026-12-01T02:30:10Z'));
    expect([u.start.toISOString(), u.end.toISOString()]).toEqual(['2026-12-01T01:00:00.000Z', '2026-12-01T02:31:00.000Z']);
    const short = usageInterval(new Date('2026-12-01T01:00:00Z'), new Date('2026-12-01T01:00:00Z'));
    expect(short.end.getTime() - short.start.getTime()).toBe(60000);
  });
});

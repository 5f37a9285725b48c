import { BOOKING_ACTIONS, BOOKING_STATUSES } from '@yixiang/contracts';
import fc from 'fast-check';
import { nextStatus, usageInterval } from './transitions';

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

  it('usage covers the whole use, on minute boundaries, and adds less than a minute at each end', () => {
    const instant = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') });
    fc.assert(fc.property(instant, fc.integer({ min: 0, max: 48 * 3600e3 }), (checkedIn, length) => {
      const { start, end } = usageInterval(new Date(checkedIn), new Date(checkedIn + length));
      expect(start.getTime() % 60000).toBe(0);
      expect(end.getTime() % 60000).toBe(0);
      expect(start.getTime()).toBeLessThanOrEqual(checkedIn);
      expect(checkedIn - start.getTime()).toBeLessThan(60000);
      expect(end.getTime()).toBeGreaterThanOrEqual(Math.max(checkedIn + length, start.getTime() + 60000));
      expect(end.getTime() - Math.max(checkedIn + length, start.getTime() + 60000)).toBeLessThan(60000);
    }));
  });
});

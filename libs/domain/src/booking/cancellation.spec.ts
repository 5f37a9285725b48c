import fc from 'fast-check';
import { cancelDeadline, cancelOffer } from './cancellation';
import { cancelViolation } from './rules';
import { BookingRules } from './types';

const start = new Date('2026-11-24T02:00:00Z');
const at = (iso: string) => new Date(iso);

describe('cancelOffer', () => {
  it.each([
    ['an approved booking, a day and a minute ahead: its booker may cancel', 'approved', '2026-11-23T01:59:00Z', false, { offer: true }],
    ['exactly at the deadline: still', 'approved', '2026-11-23T02:00:00Z', false, { offer: true }],
    ['a minute after the deadline: not its booker', 'approved', '2026-11-23T02:01:00Z', false, { offer: false, why: 'deadline', deadline: at('2026-11-23T02:00:00Z') }],
    ['the instrument’s staff at any time', 'approved', '2026-11-24T01:59:00Z', true, { offer: true }],
    ['a request not yet approved holds nobody: its booker may withdraw it late', 'requested', '2026-11-24T01:00:00Z', false, { offer: true }],
    ['a completed booking: nothing to cancel', 'completed', '2026-11-20T00:00:00Z', true, { offer: false, why: 'status' }],
    ['a cancelled one neither', 'cancelled', '2026-11-20T00:00:00Z', false, { offer: false, why: 'status' }],
    ['nor one in use', 'in_use', '2026-11-24T02:10:00Z', true, { offer: false, why: 'status' }],
  ])('%s', (_name, status, now, staff, expected) => {
    expect(cancelOffer({ booking: { status, start }, now: at(now), cancelDeadlineMinutes: 1440, staff })).toEqual(expected);
  });

  it('the deadline is the start less the rule’s minutes', () => {
    expect(cancelDeadline(start, 90).toISOString()).toBe('2026-11-24T00:30:00.000Z');
    expect(cancelDeadline(start, 0)).toEqual(start);
  });

  it('offers an approved booking to its booker exactly when the booking service accepts the cancellation', () => {
    const rules = (cancelDeadlineMinutes: number): BookingRules => ({
      slotMinutes: 30, minMinutes: 30, maxMinutes: 480, leadMinutes: 0, cancelDeadlineMinutes, approvalRequired: false, qualificationRequired: false,
    });
    fc.assert(
      fc.property(fc.integer({ min: -5 * 1440, max: 5 * 1440 }), fc.integer({ min: 0, max: 3 * 1440 }), (offsetMinutes, deadlineMinutes) => {
        const now = new Date(start.getTime() + offsetMinutes * 60_000);
        const offered = cancelOffer({ booking: { status: 'approved', start }, now, cancelDeadlineMinutes: deadlineMinutes, staff: false }).offer;
        expect(offered).toBe(cancelViolation({ start, now, rules: rules(deadlineMinutes) }) === null);
      }),
    );
  });
});

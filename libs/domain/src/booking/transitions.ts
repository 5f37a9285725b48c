import type { BookingAction, BookingStatus } from '@yixiang/contracts';

/** requested → approved → in_use → completed, with rejected, cancelled and no_show as the other ends. */
export const TRANSITIONS: Record<BookingAction, { from: readonly BookingStatus[]; to: BookingStatus }> = {
  approve: { from: ['requested'], to: 'approved' },
  reject: { from: ['requested'], to: 'rejected' },
  cancel: { from: ['requested', 'approved'], to: 'cancelled' },
  'check-in': { from: ['approved'], to: 'in_use' },
  'check-out': { from: ['in_use'], to: 'completed' },
  'no-show': { from: ['approved'], to: 'no_show' },
};

/** The status an action leads to from the current one, or null when the action is not allowed from it. */
export function nextStatus(action: BookingAction, current: BookingStatus): BookingStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(current) ? t.to : null;
}

const MINUTE_MS = 60000;

/** Minute-aligned usage from the check-in and check-out instants: billing needs whole minutes. */
export function usageInterval(checkedIn: Date, checkedOut: Date): { start: Date; end: Date } {
  const start = new Date(Math.floor(checkedIn.getTime() / MINUTE_MS) * MINUTE_MS);
  const end = new Date(Math.max(Math.ceil(checkedOut.getTime() / MINUTE_MS) * MINUTE_MS, start.getTime() + MINUTE_MS));
  return { start, end };
}

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

export function nextStatus(action: BookingAction, current: BookingStatus): BookingStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(current) ? t.to : null;
}

/** Minute-aligned usage from the check-in and check-out instants: billing needs whole minutes. */
export function usageInterval(checkedIn: Date, checkedOut: Date): { start: Date; end: Date } {
  const minute = 60000;
  const start = new Date(Math.floor(checkedIn.getTime() / minute) * minute);
  const end = new Date(Math.max(Math.ceil(checkedOut.getTime() / minute) * minute, start.getTime() + minute));
  return { start, end };
}

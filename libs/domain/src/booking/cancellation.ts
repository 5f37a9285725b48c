// Who may still cancel a booking, and until when. Kept free of time-zone libraries so that the web
// app imports this very module (`@yixiang/domain/booking/cancellation`) and offers 取消预约 exactly
// when the booking service would accept it (transitions.service.ts asks `cancelViolation`, which
// reads the deadline from here).

const MINUTE_MS = 60_000;

/** The last instant a booker may cancel: `cancelDeadlineMinutes` before the start. */
export function cancelDeadline(start: Date, cancelDeadlineMinutes: number): Date {
  return new Date(start.getTime() - cancelDeadlineMinutes * MINUTE_MS);
}

/** A booking as the cancel rule sees it. */
export interface CancellableBooking {
  status: string;
  start: Date;
}

export type CancelOffer =
  | { offer: true }
  /** `status`: not requested or approved (nothing to cancel); `deadline`: too close to the start for its booker. */
  | { offer: false; why: 'status' | 'deadline'; deadline?: Date };

/**
 * Whether cancelling is open to this caller now. A requested or approved booking can be cancelled;
 * the instrument's staff (`staff`: they may manage the booking) at any time, whoever booked an
 * approved booking only until its deadline (a request not yet approved holds nobody, so it may go).
 */
export function cancelOffer(input: { booking: CancellableBooking; now: Date; cancelDeadlineMinutes: number; staff: boolean }): CancelOffer {
  const { booking, now, cancelDeadlineMinutes, staff } = input;
  if (booking.status !== 'requested' && booking.status !== 'approved') return { offer: false, why: 'status' };
  if (staff || booking.status === 'requested') return { offer: true };
  const deadline = cancelDeadline(booking.start, cancelDeadlineMinutes);
  return now.getTime() <= deadline.getTime() ? { offer: true } : { offer: false, why: 'deadline', deadline };
}

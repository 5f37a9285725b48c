/**
 * What a terminal's session means for the bookings of its instrument (issue 20). A session is
 * evidence of use; a booking is a promise of it. Matching them is the rule below, kept pure so the
 * booking service and the suite decide it the same way.
 */
export interface TerminalSession {
  start: Date;
  /** Exclusive; null while the session is still running (last heartbeat only). */
  end: Date | null;
}

export interface BookingForSession {
  id: string;
  start: Date;
  end: Date;
  status: 'requested' | 'approved' | 'in_use' | 'completed' | 'rejected' | 'cancelled' | 'no_show';
}

export type SessionMatch = { kind: 'booking'; bookingId: string } | { kind: 'unbooked' };

/** Minutes a session may start before its booking, or run past it, and still be that booking's (a user warming up or finishing). */
export const SESSION_GRACE_MINUTES = 15;
const MINUTE_MS = 60_000;

/**
 * The booking a session belongs to: an approved or running booking whose interval, widened by the
 * grace on both sides, contains the session; of several, the one overlapping it most (then the
 * earliest). Otherwise the session is an unbooked use for the operator to confirm or reject.
 */
export function matchSession(session: TerminalSession, bookings: readonly BookingForSession[]): SessionMatch {
  const grace = SESSION_GRACE_MINUTES * MINUTE_MS;
  const sessionEnd = (session.end ?? session.start).getTime();
  let best: { id: string; overlap: number; start: number } | null = null;
  for (const b of bookings) {
    if (b.status !== 'approved' && b.status !== 'in_use') continue;
    if (session.start.getTime() < b.start.getTime() - grace || sessionEnd > b.end.getTime() + grace) continue;
    const overlap = Math.max(0, Math.min(sessionEnd, b.end.getTime()) - Math.max(session.start.getTime(), b.start.getTime()));
    if (!best || overlap > best.overlap || (overlap === best.overlap && b.start.getTime() < best.start)) best = { id: b.id, overlap, start: b.start.getTime() };
  }
  return best ? { kind: 'booking', bookingId: best.id } : { kind: 'unbooked' };
}

/**
 * Whether an approved booking with no session is a no-show candidate: its start plus the grace has
 * passed and no session of its instrument has begun inside it.
 */
export function noSessionCandidate(booking: BookingForSession, sessions: readonly TerminalSession[], now: Date): boolean {
  if (booking.status !== 'approved') return false;
  const grace = SESSION_GRACE_MINUTES * MINUTE_MS;
  if (now.getTime() < booking.start.getTime() + grace) return false;
  return !sessions.some((s) => s.start.getTime() >= booking.start.getTime() - grace && s.start.getTime() < booking.end.getTime());
}

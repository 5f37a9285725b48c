import { createHash } from 'node:crypto';
import { TERMINAL_CLOCK_WINDOW_SECONDS } from './signed-request';

/**
 * When a terminal's report of a session is taken (issue 20). A terminal reports as it goes (start,
 * heartbeat, stop) or, after a time offline, sends the sessions it recorded as one batch. The
 * subsidy pays on recorded hours, so a session must be plausible: ended, not in the future, not
 * longer than any real session, and not so old that nobody can check it any more.
 */

/** Days an offline session may be sent after its end by default (TERMINAL_LATE_DAYS). */
export const TERMINAL_LATE_DAYS_DEFAULT = 7;
/** The longest session a terminal may report: three days of a continuous run. */
export const TERMINAL_SESSION_MAX_HOURS = 72;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export type SessionTimeProblem = 'order' | 'future' | 'too-old' | 'too-long';

/**
 * Why a reported instant (start, heartbeat or stop) or interval is refused, or null. `end` null:
 * a session still running. The future is measured with the signed-request window's slack (a
 * terminal's clock may run ahead by that much), age by the session's end (or start, while running).
 */
export function sessionTimeProblem(start: Date, end: Date | null, now: Date, lateDays: number): SessionTimeProblem | null {
  const slack = TERMINAL_CLOCK_WINDOW_SECONDS * 1000;
  const last = end ?? start;
  if (end && end.getTime() < start.getTime()) return 'order';
  if (last.getTime() > now.getTime() + slack) return 'future';
  if (now.getTime() - last.getTime() > lateDays * DAY_MS) return 'too-old';
  if (last.getTime() - start.getTime() > TERMINAL_SESSION_MAX_HOURS * HOUR_MS) return 'too-long';
  return null;
}

/**
 * Whether a session reaches the platform late: reported after it ended by more than the clock
 * window (a batch sent after a time offline; a stop that arrives at once is on time).
 */
export function sessionIsLate(end: Date, receivedAt: Date): boolean {
  return receivedAt.getTime() - end.getTime() > TERMINAL_CLOCK_WINDOW_SECONDS * 1000;
}

/**
 * The key a terminal signs with: the SHA-256 of its credential. The platform keeps only this
 * digest, never the credential shown to the institution once; the agent derives the same key.
 */
export function terminalSigningKey(credential: string): string {
  return createHash('sha256').update(credential, 'utf8').digest('hex');
}

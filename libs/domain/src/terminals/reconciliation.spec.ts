import fc from 'fast-check';
import { matchSession, noSessionCandidate, SESSION_GRACE_MINUTES, type BookingForSession } from './reconciliation';

const t = (hhmm: string) => new Date(`2026-12-03T${hhmm}:00Z`);
const booking = (id: string, start: string, end: string, status: BookingForSession['status'] = 'approved'): BookingForSession => ({ id, start: t(start), end: t(end), status });

describe('a terminal session against its instrument’s bookings', () => {
  const day = [booking('morning', '01:00', '03:00'), booking('noon', '04:00', '05:00', 'in_use'), booking('gone', '06:00', '08:00', 'cancelled')];

  it.each<[string, string, string | null, string | null]>([
    ['inside a booking', '01:10', '02:50', 'morning'],
    ['starting within the grace before it', '00:50', '02:00', 'morning'],
    ['running past its end within the grace', '04:00', '05:15', 'noon'],
    ['still running (no end yet)', '04:05', null, 'noon'],
    ['longer than any booking allows', '00:30', '03:30', null],
    ['between bookings', '03:20', '03:40', null],
    ['inside a cancelled booking', '06:10', '07:00', null],
  ])('%s', (_what, start, end, expected) => {
    const match = matchSession({ start: t(start), end: end ? t(end) : null }, day);
    expect(match).toEqual(expected ? { kind: 'booking', bookingId: expected } : { kind: 'unbooked' });
  });

  it('of two bookings within reach, takes the one the session overlaps most', () => {
    const adjacent = [booking('a', '01:00', '02:00'), booking('b', '02:00', '03:00')];
    expect(matchSession({ start: t('02:05'), end: t('02:55') }, adjacent)).toEqual({ kind: 'booking', bookingId: 'b' });
    expect(matchSession({ start: t('01:50'), end: t('02:10') }, adjacent)).toEqual({ kind: 'booking', bookingId: 'a' });
  });

  it('a matched session always lies inside its booking widened by the grace', () => {
    const minute = fc.integer({ min: 0, max: 24 * 60 });
    fc.assert(fc.property(fc.array(fc.tuple(minute, fc.integer({ min: 1, max: 240 })), { maxLength: 8 }), minute, fc.integer({ min: 1, max: 300 }), (raw, s, len) => {
      const at = (m: number) => new Date(Date.UTC(2026, 11, 3) + m * 60_000);
      const bookings = raw.map(([start, dur], i) => ({ id: `b${i}`, start: at(start), end: at(start + dur), status: 'approved' as const }));
      const match = matchSession({ start: at(s), end: at(s + len) }, bookings);
      if (match.kind === 'booking') {
        const b = bookings.find((x) => x.id === match.bookingId)!;
        expect(s >= (b.start.getTime() - Date.UTC(2026, 11, 3)) / 60_000 - SESSION_GRACE_MINUTES).toBe(true);
        expect(s + len <= (b.end.getTime() - Date.UTC(2026, 11, 3)) / 60_000 + SESSION_GRACE_MINUTES).toBe(true);
      }
    }));
  });
});

describe('a booking with no session', () => {
  const b = booking('x', '01:00', '03:00');
  it.each<[string, string, { start: string }[], boolean]>([
    ['before its start and grace', '01:10', [], false],
    ['past its start and grace, no session', '01:16', [], true],
    ['a session began inside it', '02:00', [{ start: '01:20' }], false],
    ['only a session of the hour before', '02:00', [{ start: '00:10' }], true],
  ])('%s', (_what, now, sessions, expected) => {
    expect(noSessionCandidate(b, sessions.map((s) => ({ start: t(s.start), end: null })), t(now))).toBe(expected);
  });
  it('is never a candidate once checked in or cancelled', () => {
    expect(noSessionCandidate({ ...b, status: 'in_use' }, [], t('02:00'))).toBe(false);
    expect(noSessionCandidate({ ...b, status: 'cancelled' }, [], t('02:00'))).toBe(false);
  });
});

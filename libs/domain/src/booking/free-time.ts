import { subtractIntervals } from './intervals';
import { openingWindows } from './opening';
import { ceilToSlot, floorToSlot, isSlotBoundary } from './slots';
import { BookingRules, Interval, WeeklyOpening } from './types';

const MINUTE_MS = 60_000;

/** Free bookable intervals in [from, to): opening windows minus occupied intervals (bookings, blackouts; may overlap each other and extend outside the window), each trimmed inward to slot boundaries (local midnight based) and dropped if shorter than rules.minMinutes; also nothing before `notBefore` (now + lead), trimmed to the next slot boundary. */
export function freeIntervals(input: {
  from: Date;
  to: Date;
  notBefore: Date;
  weekly: WeeklyOpening[];
  timeZone: string;
  rules: BookingRules;
  occupied: Interval[];
}): Interval[] {
  const { from, to, notBefore, weekly, timeZone, rules, occupied } = input;
  const windows = openingWindows(weekly, timeZone, from, to);
  // The past (before notBefore) is one more occupied span; trimming below then rounds it up to a slot boundary.
  const tooSoon: Interval = { start: new Date(Math.min(from.getTime(), notBefore.getTime())), end: notBefore };
  const result: Interval[] = [];
  for (const piece of subtractIntervals(windows, [...occupied, tooSoon])) {
    const start = ceilToSlot(piece.start.getTime(), rules.slotMinutes, timeZone);
    const end = floorToSlot(piece.end.getTime(), rules.slotMinutes, timeZone);
    if (end - start > 0 && end - start >= rules.minMinutes * MINUTE_MS) result.push({ start: new Date(start), end: new Date(end) });
  }
  return result;
}

/** The first sub-interval of length durationMinutes (start aligned to slotMinutes) inside the free intervals, or null. */
export function earliestFit(free: Interval[], durationMinutes: number, slotMinutes: number, timeZone: string): Interval | null {
  const duration = durationMinutes * MINUTE_MS;
  if (duration <= 0) return null;
  const ordered = [...free].sort((a, b) => a.start.getTime() - b.start.getTime());
  for (const interval of ordered) {
    const last = interval.end.getTime() - duration;
    // Step over slot boundaries; the end must be a boundary too, or the booking would break the granularity rule.
    // Across a DST change or a short last slot before midnight, start + duration can miss one, so keep stepping.
    for (let start = ceilToSlot(interval.start.getTime(), slotMinutes, timeZone); start <= last;) {
      if (isSlotBoundary(start + duration, slotMinutes, timeZone)) return { start: new Date(start), end: new Date(start + duration) };
      start = ceilToSlot(start + 1, slotMinutes, timeZone);
    }
  }
  return null;
}

import { DateTime } from 'luxon';
import { zoneOf } from './zone';
import { clipIntervals } from './intervals';
import { Interval, WeeklyOpening } from './types';

function parseClock(text: string): { hour: number; minute: number } {
  const [hour, minute] = text.split(':').map(Number);
  return { hour, minute };
}

/** One weekly entry on one local day, as UTC instants; "24:00" is the next local midnight. */
function openingOn(day: DateTime, entry: WeeklyOpening): Interval {
  // Built from the calendar date, not by adding hours to midnight, so that DST days keep their wall-clock hours
  // (a wall time skipped by a DST gap is moved forward by luxon, which is what a clock on the wall does too).
  const start = day.set(parseClock(entry.start));
  const end = entry.end === '24:00' ? day.plus({ days: 1 }).startOf('day') : day.set(parseClock(entry.end));
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** Opening intervals (UTC) that overlap [from, to), clipped to it, sorted, touching windows merged (Mon 20:00-24:00 + Tue 00:00-08:00 is one window). */
export function openingWindows(weekly: WeeklyOpening[], timeZone: string, from: Date, to: Date): Interval[] {
  if (to.getTime() <= from.getTime()) return [];
  const windows: Interval[] = [];
  // From the local day before `from`, whose late opening can reach into the first day, to the local day of `to`.
  const last = DateTime.fromJSDate(to, { zone: zoneOf(timeZone) }).startOf('day');
  const first = DateTime.fromJSDate(from, { zone: zoneOf(timeZone) }).startOf('day').minus({ days: 1 });
  for (let day = first; day <= last; day = day.plus({ days: 1 })) {
    for (const entry of weekly) {
      if (entry.weekday === day.weekday) windows.push(openingOn(day, entry));
    }
  }
  // An entry whose end is not after its start opens nothing; clipIntervals drops it along with the merge.
  return clipIntervals(windows, from, to);
}

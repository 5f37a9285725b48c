import { DateTime } from 'luxon';
import { zoneOf } from './zone';
import { clipIntervals } from './intervals';
import { Interval, WeeklyOpening } from './types';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

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
  const zone = zoneOf(timeZone);
  // Every booking checks its opening hours, and luxon's calendar arithmetic was a tenth of the booking
  // service's CPU; in a zone without offset changes (Asia/Shanghai) a local day is plain arithmetic.
  if (zone.isUniversal) return clipIntervals(fixedOffsetWindows(weekly, zone.offset(from.getTime()) * MINUTE_MS, from, to), from, to);
  return clipIntervals(calendarWindows(weekly, timeZone, from, to), from, to);
}

/** The weekly entries of the local days from the day before `from` to the day of `to`, in a zone with a constant UTC offset. */
function fixedOffsetWindows(weekly: WeeklyOpening[], offsetMs: number, from: Date, to: Date): Interval[] {
  const windows: Interval[] = [];
  const lastDay = Math.floor((to.getTime() + offsetMs) / DAY_MS);
  for (let day = Math.floor((from.getTime() + offsetMs) / DAY_MS) - 1; day <= lastDay; day++) {
    // Local day 0 is 1970-01-01, a Thursday; weekdays run 1 (Monday) to 7 (Sunday).
    const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
    const midnight = day * DAY_MS - offsetMs;
    for (const entry of weekly) {
      if (entry.weekday !== weekday) continue;
      const start = parseClock(entry.start);
      const end = parseClock(entry.end);
      windows.push({
        start: new Date(midnight + (start.hour * 60 + start.minute) * MINUTE_MS),
        end: new Date(midnight + (end.hour * 60 + end.minute) * MINUTE_MS),
      });
    }
  }
  return windows;
}

/** The same, by luxon's calendar: wall-clock hours kept across daylight-saving changes. Exported for the tests that compare the two. */
export function calendarWindows(weekly: WeeklyOpening[], timeZone: string, from: Date, to: Date): Interval[] {
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
  return windows;
}

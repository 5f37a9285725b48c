import { addDays, beijing, localDate } from './format';

// The arithmetic of the qualifications page and the opening-hours form (issue 21), kept out of the
// components so that it is tested on its own.

/** One opening range of a day as the form edits it (local HH:MM; end may be 24:00). */
export interface OpeningRange {
  start: string;
  end: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const clockOf = (minutes: number) => (minutes >= 1440 ? '24:00' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);

/**
 * The range offered when a day gets one more: 08:00–18:00 on a closed day; else two hours after the
 * last one closes (a lunch break), four hours long, never past midnight. The server still decides
 * whether ranges overlap.
 */
export function nextRange(ranges: readonly OpeningRange[]): OpeningRange {
  const last = ranges[ranges.length - 1];
  if (!last) return { start: '08:00', end: '18:00' };
  const start = Math.min(minutesOf(last.end) + 120, 23 * 60);
  return { start: clockOf(start), end: clockOf(Math.min(start + 240, 1440)) };
}

/**
 * The last Beijing day a qualification holds: validTo is exclusive, so one that ends at the midnight
 * starting 1 July is valid through 30 June — the day the grant form asks for.
 */
export function lastValidDay(validTo: string): string {
  return localDate(new Date(Date.parse(validTo) - 1));
}

/** validTo for a qualification valid through a Beijing day: the midnight after it. */
export function validToAfter(lastDay: string): string {
  return beijing(addDays(lastDay, 1), '00:00');
}

import { zoneOf } from './zone';

/*
 * Slot boundaries. A boundary is an instant whose local wall-clock time in the instrument's zone is a whole
 * multiple of the slot length after local midnight (minute-of-day % slotMinutes === 0, seconds zero). Wall-clock
 * rather than elapsed time, so that on a daylight-saving day the boundaries (and opening hours such as 08:00)
 * stay where they are on every other day; the count restarts at each local midnight, so a slot length that does
 * not divide 24 h leaves a short last slot before midnight.
 *
 * Arithmetic runs on "local milliseconds" (UTC ms + zone offset) inside one offset period, and crosses an offset
 * change by finding the transition instant; this avoids asking luxon to build wall times that a DST gap skips.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The zone's UTC offset at `ms`, in milliseconds. */
export function offsetMs(timeZone: string, ms: number): number {
  return zoneOf(timeZone).offset(ms) * MINUTE_MS;
}

/** Milliseconds since local midnight of a local-milliseconds value. */
function msOfLocalDay(local: number): number {
  return ((local % DAY_MS) + DAY_MS) % DAY_MS;
}

export function isSlotBoundary(ms: number, slotMinutes: number, timeZone: string): boolean {
  return msOfLocalDay(ms + offsetMs(timeZone, ms)) % (slotMinutes * MINUTE_MS) === 0;
}

/** The first instant after `before` (which has a different offset) that has the offset of `after`. */
function transitionBetween(timeZone: string, before: number, after: number): number {
  const old = offsetMs(timeZone, before);
  let lo = before;
  let hi = after;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetMs(timeZone, mid) === old) lo = mid;
    else hi = mid;
  }
  return hi;
}

// Each pass either answers or moves past one offset transition; a day never holds more than a couple of them.
const MAX_PASSES = 8;

/** The earliest slot boundary at or after `ms`. */
export function ceilToSlot(ms: number, slotMinutes: number, timeZone: string): number {
  const slot = slotMinutes * MINUTE_MS;
  let t = ms;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const offset = offsetMs(timeZone, t);
    const intoDay = msOfLocalDay(t + offset);
    // Never past the next local midnight, which is always a boundary.
    const candidate = t + Math.min(Math.ceil(intoDay / slot) * slot, DAY_MS) - intoDay;
    if (offsetMs(timeZone, candidate) === offset) return candidate;
    // The offset changed on the way: no boundary of the old offset lies before the change, so restart from it.
    t = transitionBetween(timeZone, t, candidate);
  }
  throw new Error(`no slot boundary found after ${new Date(ms).toISOString()} in ${timeZone}`);
}

/** The latest slot boundary at or before `ms`. */
export function floorToSlot(ms: number, slotMinutes: number, timeZone: string): number {
  const slot = slotMinutes * MINUTE_MS;
  let t = ms;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const offset = offsetMs(timeZone, t);
    const intoDay = msOfLocalDay(t + offset);
    const candidate = t - (intoDay % slot);
    if (offsetMs(timeZone, candidate) === offset) return candidate;
    // The offset changed on the way back: continue from just before the change, in the older offset.
    t = transitionBetween(timeZone, candidate, t) - 1;
  }
  throw new Error(`no slot boundary found before ${new Date(ms).toISOString()} in ${timeZone}`);
}

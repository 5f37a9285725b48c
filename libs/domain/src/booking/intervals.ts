import { Interval } from './types';

/** Sorted, with overlapping or touching intervals joined and empty ones dropped. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end.getTime() > i.start.getTime()).sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: Interval[] = [];
  for (const next of sorted) {
    const last = merged[merged.length - 1];
    if (last && next.start.getTime() <= last.end.getTime()) {
      if (next.end.getTime() > last.end.getTime()) last.end = next.end;
    } else {
      merged.push({ start: next.start, end: next.end });
    }
  }
  return merged;
}

/** The parts of `intervals` inside [from, to), sorted and merged. */
export function clipIntervals(intervals: readonly Interval[], from: Date, to: Date): Interval[] {
  const clipped = intervals.map((i) => ({
    start: new Date(Math.max(i.start.getTime(), from.getTime())),
    end: new Date(Math.min(i.end.getTime(), to.getTime())),
  }));
  return mergeIntervals(clipped);
}

/** The parts of `base` covered by none of `cuts`; cuts may overlap each other and reach outside `base`. */
export function subtractIntervals(base: readonly Interval[], cuts: readonly Interval[]): Interval[] {
  const holes = mergeIntervals(cuts);
  const result: Interval[] = [];
  for (const piece of mergeIntervals(base)) {
    let cursor = piece.start.getTime();
    const end = piece.end.getTime();
    for (const hole of holes) {
      if (hole.end.getTime() <= cursor) continue;
      if (hole.start.getTime() >= end) break;
      if (hole.start.getTime() > cursor) result.push({ start: new Date(cursor), end: hole.start });
      cursor = Math.max(cursor, hole.end.getTime());
      if (cursor >= end) break;
    }
    if (cursor < end) result.push({ start: new Date(cursor), end: new Date(end) });
  }
  return result;
}

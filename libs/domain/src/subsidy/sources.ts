/**
 * Sources of counted usage (issue 20): what recorded an hour. Only an instrument's terminal records
 * a session itself; check-out, import and manual entry are people's word, so a policy may count them
 * at a discount (manualHoursFactorPct).
 */

/** The source of a terminal's confirmed session: the only one counted in full whatever the factor. */
export const TERMINAL_SOURCE = 'terminal';
/** The key of usage whose source is unknown (a format-1 usage-group line): counted as non-terminal. */
export const UNKNOWN_SOURCE = 'unknown';
/** The order sources are shown in; others (none today) sort beside unknown, by code point. */
export const SOURCE_ORDER = [TERMINAL_SOURCE, 'check-out', 'import', 'manual', UNKNOWN_SOURCE] as const;

/** Minutes of one source: raw, as recorded, before any factor. */
export interface SourceMinutes { source: string; minutes: bigint }

export const sourceKey = (source: string | null | undefined): string => source ?? UNKNOWN_SOURCE;
export const isTerminal = (source: string | null | undefined): boolean => source === TERMINAL_SOURCE;

/**
 * The minutes that count: every terminal minute, and the non-terminal minutes × pct / 100,
 * floored to the whole minute. Applied once per instrument to its sums (not per record or per
 * group), so the result does not depend on how billing groups the records, loses less than a
 * minute per instrument and figure, and keeps every figure the whole minutes it always was;
 * pct = 100 gives the sum itself, exactly the figures from before sources counted.
 */
export function countedMinutes(terminalMinutes: bigint, otherMinutes: bigint, pct: number): bigint {
  if (!Number.isSafeInteger(pct) || pct < 0 || pct > 100) throw new RangeError(`manualHoursFactorPct must be a whole number 0–100, not ${pct}`);
  if (terminalMinutes < 0n || otherMinutes < 0n) throw new RangeError('minutes are never negative');
  return terminalMinutes + (otherMinutes * BigInt(pct)) / 100n;
}

const rank = (source: string): number => {
  const i = (SOURCE_ORDER as readonly string[]).indexOf(source);
  return i < 0 ? SOURCE_ORDER.length - 1 : i;
};

/** Adds minutes of a source to a list, kept in SOURCE_ORDER (then code-point order) with one entry per source. */
export function addSourceMinutes(list: SourceMinutes[], source: string, minutes: bigint): void {
  const entry = list.find((e) => e.source === source);
  if (entry) entry.minutes += minutes;
  else {
    list.push({ source, minutes });
    list.sort((a, b) => rank(a.source) - rank(b.source) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  }
}

/** The lists' sum by source, in the same order. */
export function mergeSourceMinutes(lists: readonly (readonly SourceMinutes[])[]): SourceMinutes[] {
  const merged: SourceMinutes[] = [];
  for (const list of lists) for (const e of list) addSourceMinutes(merged, e.source, e.minutes);
  return merged;
}

import { SHANGHAI_OFFSET_MS, shanghaiMidnight } from '../instants';
import { said, type Said } from '../messages/said';

/**
 * Billing periods: Asia/Shanghai calendar months written YYYY-MM. A usage record belongs to the
 * month of its start; a month is the half-open interval [periodStart(p), periodStart(nextPeriod(p))).
 */

/** The Asia/Shanghai month (YYYY-MM) that contains an instant: a record belongs to the month of its start. */
export function periodOf(instant: Date): string {
  // Shanghai has kept UTC+8 without daylight saving since 1991, so shifting the instant is exact.
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 7);
}

/** The month after a YYYY-MM period. */
export function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The instant a period begins: midnight of its first day in Shanghai. */
export function periodStart(period: string): Date {
  return shanghaiMidnight(`${period}-01`);
}

/** A period as the half-open interval of instants [from, to). */
export function periodInterval(period: string): { from: Date; to: Date } {
  return { from: periodStart(period), to: periodStart(nextPeriod(period)) };
}

/** The twelve periods of a calendar year, January first. */
export function periodsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

/** The most months one settlement run may cover: two years, the longest backlog a bureau settles at once. */
export const MAX_SETTLEMENT_MONTHS = 24;

/** Every period from `from` through `to`, in order (both YYYY-MM; empty when `to` is before `from`). */
export function periodsBetween(from: string, to: string): string[] {
  const periods: string[] = [];
  for (let p = from; p <= to; p = nextPeriod(p)) periods.push(p);
  return periods;
}

/**
 * Why a range of months cannot be settled in one run, in both languages; null when it can. `to` before
 * `from` is a typing error, not an empty run; more than `max` months is most likely a wrong year.
 */
export function settlementRangeProblem(from: string, to: string, max = MAX_SETTLEMENT_MONTHS): { field: 'from' | 'to'; reason: Said } | null {
  if (to < from) return { field: 'to', reason: said(`结束月份 ${to} 早于起始月份 ${from}`, `the last month ${to} is before the first ${from}`) };
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
  if (months > max) return { field: 'to', reason: said(`一次最多结算 ${max} 个月，${from} 至 ${to} 共 ${months} 个月`, `at most ${max} months in one run (${months} asked)`) };
  return null;
}

import { SHANGHAI_OFFSET_MS, shanghaiMidnight } from '../instants';

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

import { calendarDateProblem, dateOrInstantProblem, instantMs, instantProblem } from './validation/calendar-input';

/**
 * Dates and instants of the exchange format. Asia/Shanghai has had no daylight saving time
 * since 1991, so its calendar days start at a fixed UTC+8 and a date is parsed without a
 * time-zone database.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

export function isRealDate(text: string): boolean {
  return calendarDateProblem(text) === null;
}

/** 00:00 Asia/Shanghai of a `YYYY-MM-DD` day, as a UTC instant. */
export function shanghaiMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** An ISO 8601 instant with an explicit offset, or why it is not one. */
export function parseInstant(text: string): Date | string {
  const problem = instantProblem(text);
  if (problem) return `${JSON.stringify(text)} is not an ISO 8601 instant with an offset (e.g. 2025-03-04T09:00:00+08:00): ${problem}`;
  return new Date(instantMs(text));
}

/** Validity bounds take either form: a date means 00:00 Asia/Shanghai of that day. */
export function parseDateOrInstant(text: string): Date | string {
  if (isRealDate(text)) return shanghaiMidnight(text);
  const problem = dateOrInstantProblem(text);
  if (problem) return `${JSON.stringify(text)} is not a date (YYYY-MM-DD) or an ISO 8601 instant with an offset: ${problem}`;
  return new Date(instantMs(text));
}

import { DateTime } from 'luxon';
import { zoneOf } from './zone';

/** An instant in UTC without noise: 2026-11-23T10:00:00Z (milliseconds only when there are some). */
export function utc(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

/** An instant as the instrument's local wall time, e.g. 2026-11-23 18:00. */
export function local(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: zoneOf(timeZone) }).toFormat('yyyy-MM-dd HH:mm');
}

/** A length of time in minutes, without a trail of decimals. */
export function minutes(ms: number): string {
  const value = ms / 60_000;
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '');
}

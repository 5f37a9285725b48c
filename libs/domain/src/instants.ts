/**
 * Dates and instants of the exchange format. Asia/Shanghai has had no daylight saving time
 * since 1991, so its calendar days start at a fixed UTC+8 and a date is parsed without a
 * time-zone database.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isRealDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** 00:00 Asia/Shanghai of a `YYYY-MM-DD` day, as a UTC instant. */
export function shanghaiMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** An ISO 8601 instant with an explicit offset, or why it is not one. */
export function parseInstant(text: string): Date | string {
  const m = INSTANT.exec(text);
  if (!m || !isRealDate(text.slice(0, 10)) || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[7] ?? 0) > 59) {
    return `${JSON.stringify(text)} is not an ISO 8601 instant with an offset (e.g. 2025-03-04T09:00:00+08:00)`;
  }
  return new Date(Date.parse(text));
}

/** Validity bounds take either form: a date means 00:00 Asia/Shanghai of that day. */
export function parseDateOrInstant(text: string): Date | string {
  if (isRealDate(text)) return shanghaiMidnight(text);
  const instant = parseInstant(text);
  return typeof instant === 'string' ? `${JSON.stringify(text)} is not a date (YYYY-MM-DD) or an ISO 8601 instant with an offset` : instant;
}

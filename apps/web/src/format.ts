// Display of money and time. Money stays integer fen (number or the decimal string of a bigint)
// and is turned into yuan by string arithmetic, never by floating point.

import { fenOfYuanInput } from '@yixiang/domain/validation/form-units';

export const ZONE = 'Asia/Shanghai';

/** 1234567 → "12,345.67" (yuan); negative amounts keep their sign. */
export function yuan(fen: number | string | bigint | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  const text = BigInt(fen).toString();
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}.${digits.slice(-2)}`;
}

/** "12,345.67" or "12345.6" typed by a person → fen; null when it is not an amount (the form-units rule). */
export function parseYuan(text: string): number | null {
  const fen = fenOfYuanInput(text);
  return fen !== null && fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : null;
}

const parts = (iso: string | Date, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, hourCycle: 'h23', ...options }).formatToParts(new Date(iso));

function pick(iso: string | Date, options: Intl.DateTimeFormatOptions): Record<string, string> {
  return Object.fromEntries(parts(iso, options).map((p) => [p.type, p.value]));
}

/** An instant as "2026-12-01 09:00" in Beijing time. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = pick(iso, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** "09:00" in Beijing time. */
export function clock(iso: string): string {
  const p = pick(iso, { hour: '2-digit', minute: '2-digit' });
  return `${p.hour}:${p.minute}`;
}

/** The Beijing calendar date of an instant, "2026-12-01". */
export function localDate(iso: string | Date): string {
  const p = pick(iso, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

/** A Beijing wall-clock date and time as an ISO instant with its offset (China keeps +08:00 all year). */
export function beijing(date: string, time: string): string {
  return `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`;
}

/** Adds whole days to a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The Monday on or before a date. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/** Minutes as "12.50" hours, exactly (minutes × 100 / 60, rounded half up). */
/** Minutes as people say them: 1440 → "24 小时", 90 → "1 小时 30 分钟", 45 → "45 分钟" (English "24 h", "1 h 30 min"). */
export function duration(minutes: number, language: 'zh' | 'en' = 'zh'): string {
  const [hourUnit, minuteUnit] = language === 'zh' ? [' 小时', ' 分钟'] : [' h', ' min'];
  const whole = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (whole === 0) return `${rest}${minuteUnit}`;
  return rest === 0 ? `${whole}${hourUnit}` : `${whole}${hourUnit} ${rest}${minuteUnit}`;
}

export function hours(minutes: number | string | bigint): string {
  const hundredths = (BigInt(minutes) * 100n + 30n) / 60n;
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}

/**
 * The one definition of what a date, an instant and a month of the API and the exchange format
 * may be. A regular expression alone let `2025-02-30` through to PostgreSQL (a 500), let
 * `2027-02-30` roll over to 03-02 in JavaScript's Date and let a `+99:99` offset become an
 * Invalid Date that was stored as an open-ended validity. Every check here answers null (fine) or
 * the reason, so DTO decorators and import cells word the same rule the same way.
 */

/** Years a record of the platform can be about: instruments bought since 1900, validities until 2200. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
/** UTC offsets in use run from −12:00 to +14:00; ±14:00 is the widest ISO 8601 offset anyone means. */
export const MAX_OFFSET_MINUTES = 14 * 60;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;
const PERIOD = /^(\d{4})-(\d{2})$/;

const yearProblem = (year: number): string | null =>
  year < MIN_YEAR || year > MAX_YEAR ? `year ${String(year).padStart(4, '0')} is outside ${MIN_YEAR}–${MAX_YEAR}` : null;

/** Days of a month of the proleptic Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function dayProblem(year: number, month: number, day: number): string | null {
  const y = yearProblem(year);
  if (y) return y;
  if (month < 1 || month > 12) return `month ${String(month).padStart(2, '0')} does not exist`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${year}-${String(month).padStart(2, '0')} has no day ${String(day).padStart(2, '0')} (it has ${days})`;
  return null;
}

/** `YYYY-MM-DD`, a real calendar day in MIN_YEAR–MAX_YEAR; null when it is one, else why not. */
export function calendarDateProblem(text: unknown): string | null {
  if (typeof text !== 'string') return 'is not a string';
  const m = DATE.exec(text);
  if (!m) return 'is not written YYYY-MM-DD';
  return dayProblem(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `YYYY-MM`, a month in MIN_YEAR–MAX_YEAR. */
export function periodProblem(text: unknown): string | null {
  if (typeof text !== 'string') return 'is not a string';
  const m = PERIOD.exec(text);
  if (!m) return 'is not written YYYY-MM';
  const month = Number(m[2]);
  return yearProblem(Number(m[1])) ?? (month < 1 || month > 12 ? `month ${m[2]} does not exist` : null);
}

interface InstantParts {
  ms: number;
}

function readInstant(text: unknown): InstantParts | string {
  if (typeof text !== 'string') return 'is not a string';
  const m = INSTANT.exec(text);
  if (!m) return 'is not written YYYY-MM-DDTHH:MM[:SS[.sss]] with an offset (Z or ±HH:MM)';
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = Number(m[6] ?? 0);
  const day_ = dayProblem(year, month, day);
  if (day_) return day_;
  if (hour > 23 || minute > 59 || second > 59) return `${m[4]}:${m[5]}${m[6] === undefined ? '' : `:${m[6]}`} is not a time of day`;
  let offset = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (om > 59 || oh * 60 + om > MAX_OFFSET_MINUTES) return `offset ${m[8]} is not a UTC offset (at most ±14:00)`;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  // Date.UTC maps years 0–99 to 1900–1999; the years here are ≥ MIN_YEAR, so it is exact.
  return { ms: Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60000 };
}

/** An ISO 8601 instant with an explicit offset within ±14:00, on a real day of MIN_YEAR–MAX_YEAR. */
export function instantProblem(text: unknown): string | null {
  const read = readInstant(text);
  return typeof read === 'string' ? read : null;
}

/** Validity bounds take a date (00:00 Asia/Shanghai of that day) or an instant. */
export function dateOrInstantProblem(text: unknown): string | null {
  if (typeof text !== 'string') return 'is not a string';
  if (DATE.test(text)) return calendarDateProblem(text);
  if (!text.includes('T')) return 'is not written YYYY-MM-DD or as an instant with an offset';
  return instantProblem(text);
}

/** The UTC milliseconds of a valid instant (instantProblem(text) === null), else NaN. */
export function instantMs(text: string): number {
  const read = readInstant(text);
  return typeof read === 'string' ? Number.NaN : read.ms;
}

import { shanghaiMidnight } from '../instants';

/** A quarter as the national platform reports it: `2026-Q3`. */
export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

/** A quarter's days and instants: [firstDay, nextFirstDay) in Beijing days, [from, to) as UTC instants. */
export interface QuarterBounds { firstDay: string; nextFirstDay: string; from: Date; to: Date }

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A quarter's bounds, half-open, on Asia/Shanghai midnights: 2026-Q3 is [2026-07-01 00:00, 2026-10-01
 * 00:00) Beijing time, so a service starting at 00:00 on 1 October is the next quarter's. Null when the
 * text is not a quarter (years 2000–2100, as the other periods).
 */
export function quarterBounds(quarter: string): QuarterBounds | null {
  const m = QUARTER_PATTERN.exec(quarter);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  const q = Number(m[2]);
  const firstDay = `${year}-${pad(q * 3 - 2)}-01`;
  const nextFirstDay = q === 4 ? `${year + 1}-01-01` : `${year}-${pad(q * 3 + 1)}-01`;
  return { firstDay, nextFirstDay, from: shanghaiMidnight(firstDay), to: shanghaiMidnight(nextFirstDay) };
}

/**
 * Whether an instrument belongs in a quarter's instrument records: in service at some time of it —
 * bought (or of unknown date: the validation report then names the missing 启用日期) before the
 * quarter ends and not retired before it begins. Days are `YYYY-MM-DD` (they compare as text).
 */
export function inServiceDuring(purchaseDate: string | null, retiredOn: string | null, bounds: Pick<QuarterBounds, 'firstDay' | 'nextFirstDay'>): boolean {
  return (purchaseDate === null || purchaseDate < bounds.nextFirstDay) && (retiredOn === null || retiredOn >= bounds.firstDay);
}

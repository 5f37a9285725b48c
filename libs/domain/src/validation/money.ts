/**
 * Bounds on money and on what is billed, chosen so that every total the platform reports stays an
 * exact JavaScript number. Amounts are exact bigints inside billing, but JSON carries numbers:
 * past 2^53 a fen is lost, and the JSON and the CSV of the same statement disagreed.
 */

/** 100,000,000 元: the largest price, face value or instrument value anyone enters (a whole cryo-EM is ~5 × 10^9 fen). */
export const MAX_FEN = 10_000_000_000;
/** A usage record spans at most 31 days: a longer one is a typing error, not a use (a 30-year record was accepted). */
export const MAX_USAGE_MINUTES = 31 * 24 * 60;
/** Samples of one booking or usage record, as the DTOs already bound them. */
export const MAX_SAMPLES = 10_000;

/**
 * The largest charge one usage record can make under these bounds: a per-sample card at MAX_FEN
 * times MAX_SAMPLES (an hourly card over 31 days, MAX_FEN × 744, is smaller); a minimum charge is
 * at most MAX_FEN.
 */
export const MAX_CHARGE_FEN = MAX_FEN * Math.max(MAX_SAMPLES, Math.ceil(MAX_USAGE_MINUTES / 60));

/** How many MAX_FEN amounts (instrument values, vouchers' face values) add up exactly: 900,719. */
export const EXACT_FEN_TERMS = Math.floor(Number.MAX_SAFE_INTEGER / MAX_FEN);
/** How many maximal charges add up exactly (a statement of that many at the very top of every bound). */
export const EXACT_CHARGE_TERMS = Math.floor(Number.MAX_SAFE_INTEGER / MAX_CHARGE_FEN);

/** A use from startMs to endMs (UTC milliseconds) lasts at most MAX_USAGE_MINUTES; null when it does. */
export function usageSpanProblem(startMs: number, endMs: number): string | null {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return null;
  return endMs - startMs > MAX_USAGE_MINUTES * 60000 ? `must be at most ${MAX_USAGE_MINUTES / 1440} days after start` : null;
}

/**
 * Integer fen as a Chinese reader writes yuan: 123450 → "1,234.50" (two decimals, thousands
 * separated, the sign kept). By integer arithmetic on the digits, never through a float.
 */
export function yuanText(fen: number | bigint): string {
  const value = BigInt(fen);
  const digits = (value < 0n ? -value : value).toString().padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0n ? '-' : ''}${whole}.${digits.slice(-2)}`;
}

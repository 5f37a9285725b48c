/**
 * What a person types into a form (元, percent, hours) and the integers that are stored (fen, basis
 * points, minutes). By string arithmetic on the digits, never through a float: "0.29" 元 is 29 fen,
 * where 0.29 × 100 in floating point is 28.999999999999996.
 */

/**
 * An exact non-negative decimal written by a person ("1,234.5", " 12 ") as an integer count of
 * 10^-places: parseScaled("12.34", 2) = 1234n. Null when it is not such a number or has more
 * decimals than `places` (more precision than the stored unit can hold).
 */
export function parseScaled(text: string, places: number): bigint | null {
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text.trim().replace(/[,，\s]/g, ''));
  if (!match) return null;
  const decimals = (match[2] ?? '').replace(/0+$/, '');
  if (decimals.length > places) return null;
  return BigInt(match[1]) * 10n ** BigInt(places) + BigInt(decimals.padEnd(places, '0') || '0');
}

/** An integer count of 10^-places written as the shortest exact decimal: formatScaled(1230n, 2) = "12.3", 500n → "5". */
export function formatScaled(value: number | bigint, places: number): string {
  const v = BigInt(value);
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** "12.34" 元 → 1234 fen; null when it is not an amount of at most two decimals. */
export function fenOfYuanInput(text: string): bigint | null {
  return parseScaled(text.trim().replace(/^[¥￥]/, '').replace(/元$/, ''), 2);
}

/** 1234 fen → "12.34", 5000000 → "50000": the value a yuan field shows (no separators, so it parses back). */
export function yuanInputOf(fen: number | bigint): string {
  return formatScaled(fen, 2);
}

/** "20" % → 2000 basis points, "12.5" → 1250; null beyond two decimals of a percent. */
export function bpsOfPercentInput(text: string): number | null {
  const bps = parseScaled(text.trim().replace(/[%％]$/, ''), 2);
  return bps === null || bps > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(bps);
}

/** 2000 bps → "20" (percent), 1250 → "12.5". */
export function percentInputOfBps(bps: number | bigint): string {
  return formatScaled(bps, 2);
}

/** Places of a share kept when written as a percent: a share "0.3" is "30" %, "0.12345" is "12.345" %. */
const SHARE_PLACES = 12;

/** "30" % → "0.3" (a decimal share of 1, as the policy stores targetExternalShare); null when not a percent. */
export function shareOfPercentInput(text: string): string | null {
  const scaled = parseScaled(text.trim().replace(/[%％]$/, ''), SHARE_PLACES - 2);
  return scaled === null ? null : formatScaled(scaled, SHARE_PLACES);
}

/** "0.30" → "30" (%); null when the share is not a plain decimal or is more precise than SHARE_PLACES. */
export function percentInputOfShare(share: string): string | null {
  const scaled = parseScaled(share, SHARE_PLACES);
  return scaled === null ? null : formatScaled(scaled, SHARE_PLACES - 2);
}

/**
 * Hours typed as a decimal ("1.5") or as hours and minutes ("1:05") → whole minutes; null when it is
 * neither or the decimal is not a whole number of minutes ("0.01" h is 0.6 min).
 */
export function minutesOfHoursInput(text: string): number | null {
  const clock = /^\s*(\d+):([0-5]\d)\s*$/.exec(text);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  const hundredths = parseScaled(text.trim().replace(/(小时|h)$/i, ''), 2);
  if (hundredths === null || (hundredths * 60n) % 100n !== 0n) return null;
  const minutes = (hundredths * 60n) / 100n;
  return minutes > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(minutes);
}

/** Minutes as the hours a person reads: 90 → "1.5", 60 → "1"; a number of minutes no decimal of hours holds (7) → "0:07". */
export function hoursInputOfMinutes(minutes: number): string {
  if ((minutes * 100) % 60 === 0) return formatScaled(BigInt((minutes * 100) / 60), 2);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

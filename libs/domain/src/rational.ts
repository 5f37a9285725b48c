/**
 * Exact non-negative arithmetic for money and points. Policy figures are defined over exact
 * rationals and rounded half-up only where policy.md says so; JavaScript numbers would drift,
 * so every intermediate value is a bigint fraction.
 */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

export function ratio(num: bigint | number, den: bigint | number = 1n): Ratio {
  const n = BigInt(num);
  const d = BigInt(den);
  if (d === 0n) throw new RangeError('ratio with a zero denominator');
  return d < 0n ? { num: -n, den: -d } : { num: n, den: d };
}

/** `roundHalfUp(num / den)` for num ≥ 0, den > 0: the nearest integer, halves up. */
export function roundHalfUp(num: bigint, den = 1n): bigint {
  if (num < 0n || den <= 0n) throw new RangeError(`roundHalfUp needs num ≥ 0 and den > 0 (got ${num}/${den})`);
  return (2n * num + den) / (2n * den);
}

/** ⌈num / den⌉ for num ≥ 0, den > 0. */
export function ceilDiv(num: bigint, den: bigint): bigint {
  if (num < 0n || den <= 0n) throw new RangeError(`ceilDiv needs num ≥ 0 and den > 0 (got ${num}/${den})`);
  return (num + den - 1n) / den;
}

export function add(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function mul(a: Ratio, b: Ratio): Ratio {
  return ratio(a.num * b.num, a.den * b.den);
}

export function div(a: Ratio, b: Ratio): Ratio {
  if (b.num === 0n) throw new RangeError('division by zero');
  return ratio(a.num * b.den, a.den * b.num);
}

export function compare(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function minRatio(a: Ratio, b: Ratio): Ratio {
  return compare(a, b) <= 0 ? a : b;
}

/** A ratio rounded half-up to `places` decimals, as an integer count of 10^-places. */
export function roundToPlaces(value: Ratio, places: number): bigint {
  return roundHalfUp(value.num * 10n ** BigInt(places), value.den);
}

/** An integer count of 10^-places shown as a fixed-point decimal: (851n, 2) → "8.51". */
export function formatFixed(scaled: bigint, places: number): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** A decimal string ("0.30", "2", "1.5") as an exact ratio; throws on anything else. */
export function parseDecimal(text: string): Ratio {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`${JSON.stringify(text)} is not a non-negative decimal number`);
  const fraction = m[2] ?? '';
  return ratio(BigInt(m[1] + fraction), 10n ** BigInt(fraction.length));
}

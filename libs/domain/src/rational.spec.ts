import fc from 'fast-check';
import { ceilDiv, formatFixed, parseDecimal, ratio, roundHalfUp, roundToPlaces, compare, add } from './rational';

describe('exact arithmetic', () => {
  it('rounds halves up and the rest to the nearest integer', () => {
    expect(roundHalfUp(919625n, 10n)).toBe(91963n); // 91 962.5 → 91 963 (worked example UR-128)
    expect(roundHalfUp(394124n, 10n)).toBe(39412n);
    expect(roundHalfUp(19975n, 1000n)).toBe(20n);
    expect(roundHalfUp(0n, 7n)).toBe(0n);
  });

  it('rounds points to two decimals and prints them', () => {
    expect(formatFixed(roundToPlaces(ratio(19975n, 1000n), 2), 2)).toBe('19.98');
    expect(formatFixed(roundToPlaces(ratio(100125n, 10000n), 2), 2)).toBe('10.01');
    expect(formatFixed(5n, 2)).toBe('0.05');
    expect(formatFixed(850n, 2)).toBe('8.50');
  });

  it('parses decimals exactly', () => {
    expect(compare(parseDecimal('0.30'), ratio(3n, 10n))).toBe(0);
    expect(() => parseDecimal('0.3e1')).toThrow(RangeError);
  });

  it('roundHalfUp is within half of the exact value and ceilDiv is the least upper integer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        const r = roundHalfUp(n, d);
        expect(2n * (r * d - n) <= d && 2n * (n - r * d) < d).toBe(true);
        const c = ceilDiv(n, d);
        expect(c * d >= n && (c - 1n) * d < n).toBe(true);
      }),
    );
  });

  it('adds fractions exactly', () => {
    expect(compare(add(ratio(1n, 3n), ratio(1n, 6n)), ratio(1n, 2n))).toBe(0);
  });
});

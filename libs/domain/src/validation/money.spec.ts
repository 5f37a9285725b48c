import fc from 'fast-check';
import { isCharge, priceUsage, RateCard } from '../billing/pricing';
import { EXACT_CHARGE_TERMS, EXACT_FEN_TERMS, MAX_CHARGE_FEN, MAX_FEN, MAX_SAMPLES, MAX_USAGE_MINUTES, usageSpanProblem } from './money';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

describe('money and usage bounds', () => {
  it('keeps sums of the largest amounts over the most rows exact', () => {
    expect(BigInt(MAX_FEN) * BigInt(EXACT_FEN_TERMS)).toBeLessThanOrEqual(SAFE);
    expect(BigInt(MAX_FEN) * BigInt(EXACT_FEN_TERMS + 1)).toBeGreaterThan(SAFE);
    // An import of 100,000 instruments at the largest value still totals exactly.
    expect(EXACT_FEN_TERMS).toBeGreaterThan(100000);
    expect(BigInt(MAX_CHARGE_FEN) * BigInt(EXACT_CHARGE_TERMS)).toBeLessThanOrEqual(SAFE);
  });

  it('bounds one charge: any price, duration and sample count within the limits prices at most MAX_CHARGE_FEN', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const fen = fc.integer({ min: 0, max: MAX_FEN });
    fc.assert(fc.property(fen, fen, fc.integer({ min: 1, max: MAX_USAGE_MINUTES }), fc.integer({ min: 1, max: MAX_SAMPLES }), fc.constantFrom<'hour' | 'sample'>('hour', 'sample'), fc.integer({ min: 1, max: 1440 }), fc.boolean(),
      (price, minimum, minutes, samples, unit, increment, external) => {
        const card: RateCard = { code: 'R', instrumentCode: 'I', serviceMode: 'self', unit, internalPriceFen: BigInt(price), externalPriceFen: BigInt(price), incrementMinutes: increment, minimumChargeFen: BigInt(minimum), validFrom: start, validTo: null };
        const charge = priceUsage({ code: 'U', instrumentCode: 'I', serviceMode: 'self', start, end: new Date(start.getTime() + minutes * 60000), samples, external }, [card]);
        expect(isCharge(charge)).toBe(true);
        if (isCharge(charge)) {
          expect(charge.amountFen).toBeLessThanOrEqual(BigInt(MAX_CHARGE_FEN));
          expect(Number.isSafeInteger(Number(charge.amountFen))).toBe(true);
        }
      }), { numRuns: 1000 });
  });

  it('adds up to EXACT_CHARGE_TERMS charges exactly as numbers, as the JSON views do', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: BigInt(MAX_CHARGE_FEN) }), { maxLength: EXACT_CHARGE_TERMS }), (amounts) => {
      const exact = amounts.reduce((a, b) => a + b, 0n);
      expect(amounts.reduce((a, b) => a + Number(b), 0)).toBe(Number(exact));
      expect(Number.isSafeInteger(Number(exact)) && BigInt(Number(exact)) === exact).toBe(true);
    }));
  });

  it('refuses usage spans past 31 days', () => {
    expect(usageSpanProblem(0, MAX_USAGE_MINUTES * 60000)).toBeNull();
    expect(usageSpanProblem(0, 30 * 365 * 86400000)).toContain('31 days');
  });
});

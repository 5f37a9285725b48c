import fc from 'fast-check';
import { buildStatements, drawVouchers, isCharge, priceUsage, RateCard, Voucher, VoucherClaim } from './index';

const T0 = Date.UTC(2025, 0, 1);
const card = (over: Partial<RateCard> = {}): RateCard => ({
  code: 'RC', instrumentCode: 'EQ', serviceMode: 'self', unit: 'hour', internalPriceFen: 15000n, externalPriceFen: 30000n,
  incrementMinutes: 30, minimumChargeFen: 0n, validFrom: new Date(T0), validTo: null, ...over,
});

describe('billing rules (properties)', () => {
  it('bills whole increments covering the duration, at the minimum charge at least, exactly by the price', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 120 }), fc.bigInt({ min: 0n, max: 10_000_000n }), fc.bigInt({ min: 0n, max: 1_000_000n }), fc.boolean(),
      (minutes, increment, price, minimum, external) => {
        const result = priceUsage({ code: 'U', instrumentCode: 'EQ', serviceMode: 'self', start: new Date(T0), end: new Date(T0 + minutes * 60000), samples: null, external },
          [card({ incrementMinutes: increment, internalPriceFen: price, externalPriceFen: price, minimumChargeFen: minimum })]);
        if (!isCharge(result)) throw new Error('not billed');
        const billed = Math.round(Number(result.billedUnits) * 60);
        expect(result.amountFen >= minimum).toBe(true);
        // billed minutes: the least multiple of the increment that covers the duration (to the 2 decimals shown)
        const exact = Math.ceil(minutes / increment) * increment;
        expect(Math.abs(billed - exact)).toBeLessThanOrEqual(1);
        const raw = (price * BigInt(exact) * 2n + 60n) / 120n;
        expect(result.amountFen).toBe(raw > minimum ? raw : minimum);
      }));
  });

  it('never lets a voucher cover more than its balance, the amount, its share or its per-use cap', () => {
    const claimArb = fc.record({
      amount: fc.bigInt({ min: 0n, max: 5_000_000n }), start: fc.integer({ min: 0, max: 300 }), external: fc.boolean(),
      category: fc.constantFrom('research', 'testing', 'training', 'commercial-inspection'), holder: fc.constantFrom('D', 'C'),
    });
    fc.assert(fc.property(
      fc.bigInt({ min: 0n, max: 3_000_000n }), fc.integer({ min: 0, max: 10000 }), fc.option(fc.bigInt({ min: 0n, max: 1_000_000n }), { nil: null }), fc.array(claimArb, { maxLength: 30 }),
      (face, bps, cap, raw) => {
        const voucher: Voucher = { code: 'CV', holderInstitutionCode: 'D', faceValueFen: face, coverBps: bps, perUseCapFen: cap, validFrom: new Date(T0), validTo: null };
        const claims: VoucherClaim[] = raw.map((c, i) => ({ usageCode: `U-${String(i).padStart(3, '0')}`, voucherCode: 'CV', start: new Date(T0 + c.start * 86400e3), amountFen: c.amount, external: c.external, serviceCategory: c.category, userInstitutionCode: c.holder }));
        const { draws, refusals, balances } = drawVouchers([voucher], claims);
        expect(draws.length + refusals.length).toBe(claims.length);
        let total = 0n;
        for (const d of draws) {
          const claim = claims.find((c) => c.usageCode === d.usageCode) as VoucherClaim;
          expect(d.voucherFen >= 0n && d.voucherFen <= claim.amountFen).toBe(true);
          expect(d.voucherFen * 10000n <= claim.amountFen * BigInt(bps) + 5000n).toBe(true);
          if (cap !== null) expect(d.voucherFen <= cap).toBe(true);
          total += d.voucherFen;
        }
        expect(total <= face).toBe(true);
        expect(balances.get('CV')).toBe(face - total);
      }));
  });

  it('makes every statement total the sum of its lines, and every line land in exactly one statement', () => {
    const line = fc.record({
      provider: fc.constantFrom('A', 'B'), payer: fc.constantFrom('A', 'C', 'D'), day: fc.integer({ min: 0, max: 400 }),
      amount: fc.bigInt({ min: 0n, max: 9_000_000n }), share: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(fc.property(fc.array(line, { maxLength: 60 }), (raw) => {
      const lines = raw.map((l, i) => ({ usageCode: `U${i}`, providerInstitutionCode: l.provider, payerInstitutionCode: l.payer, start: new Date(T0 + l.day * 86400e3), amountFen: l.amount, voucherFen: (l.amount * BigInt(l.share)) / 100n }));
      const statements = buildStatements(lines);
      expect(statements.reduce((n, s) => n + s.lines, 0)).toBe(lines.length);
      expect(statements.reduce((n, s) => n + s.amountFen, 0n)).toBe(lines.reduce((n, l) => n + l.amountFen, 0n));
      for (const s of statements) expect(s.payableFen).toBe(s.amountFen - s.voucherFen);
    }));
  });
});

import fc from 'fast-check';
import { formatFixed, roundHalfUp } from '../rational';
import {
  buildStatements,
  Charge,
  drawVouchers,
  isCharge,
  periodOf,
  priceUsage,
  RateCard,
  StatementLine,
  Voucher,
  VoucherClaim,
} from './index';

const T0 = Date.UTC(2025, 0, 1);
const MINUTE = 60000;
const DAY = 86400000;

const card = (over: Partial<RateCard> = {}): RateCard => ({
  code: 'RC',
  instrumentCode: 'EQ',
  serviceMode: 'self',
  unit: 'hour',
  internalPriceFen: 15000n,
  externalPriceFen: 30000n,
  incrementMinutes: 30,
  minimumChargeFen: 0n,
  validFrom: new Date(T0),
  validTo: null,
  ...over,
});

function price(minutes: number, c: RateCard, external: boolean, samples: number | null = null): Charge {
  const start = T0 + 7 * MINUTE;
  const result = priceUsage(
    {
      code: 'U',
      instrumentCode: 'EQ',
      serviceMode: c.serviceMode,
      start: new Date(start),
      end: new Date(start + minutes * MINUTE),
      samples,
      external,
    },
    [c],
  );
  if (!isCharge(result)) throw new Error(`not billed: ${result.message}`);
  return result;
}

const fen = (max: bigint) => fc.bigInt({ min: 0n, max });

describe('pricing (properties)', () => {
  it('bills the least whole number of increments covering the duration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 1, max: 240 }), (minutes, increment) => {
        const billed = price(minutes, card({ incrementMinutes: increment }), true).billedMinutes as number;
        expect(billed % increment).toBe(0);
        expect(billed).toBeGreaterThanOrEqual(minutes);
        expect(billed).toBeLessThan(minutes + increment);
      }),
    );
  });

  it('charges the price of the billed minutes, half-up, at least the minimum charge, and shows hours to 2 decimals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20000 }),
        fc.integer({ min: 1, max: 240 }),
        fen(10_000_000n),
        fen(10_000_000n),
        fen(1_000_000n),
        fc.boolean(),
        (minutes, increment, internal, external, minimum, isExternal) => {
          const charge = price(
            minutes,
            card({ incrementMinutes: increment, internalPriceFen: internal, externalPriceFen: external, minimumChargeFen: minimum }),
            isExternal,
          );
          const billed = BigInt(charge.billedMinutes as number);
          const raw = roundHalfUp((isExternal ? external : internal) * billed, 60n);
          expect(charge.amountFen).toBe(raw > minimum ? raw : minimum);
          expect(charge.amountFen >= minimum).toBe(true);
          expect(charge.billedUnits).toBe(formatFixed(roundHalfUp(billed * 100n, 60n), 2));
        },
      ),
    );
  });

  it('charges samples × price, at least the minimum charge', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fen(1_000_000n),
        fen(1_000_000n),
        fc.boolean(),
        (samples, unitPrice, minimum, external) => {
          const c = card({
            serviceMode: 'sample',
            unit: 'sample',
            incrementMinutes: null,
            internalPriceFen: unitPrice,
            externalPriceFen: unitPrice,
            minimumChargeFen: minimum,
          });
          const charge = price(60, c, external, samples);
          const raw = unitPrice * BigInt(samples);
          expect(charge.amountFen).toBe(raw > minimum ? raw : minimum);
          expect(charge.billedUnits).toBe(String(samples));
          expect(charge.billedMinutes).toBeNull();
        },
      ),
    );
  });
});

describe('voucher draw-down (properties)', () => {
  const voucherArb = (code: string) =>
    fc.record({
      code: fc.constant(code),
      holderInstitutionCode: fc.constantFrom('C', 'D'),
      faceValueFen: fen(3_000_000n),
      coverBps: fc.integer({ min: 0, max: 10000 }),
      perUseCapFen: fc.option(fen(1_000_000n), { nil: null }),
      validFrom: fc.integer({ min: 0, max: 100 }).map((d) => new Date(T0 + d * DAY)),
      validTo: fc.option(
        fc.integer({ min: 101, max: 400 }).map((d) => new Date(T0 + d * DAY)),
        { nil: null },
      ),
    });
  const claimsArb = fc.array(
    fc.record({
      voucherCode: fc.constantFrom('CV-1', 'CV-2'),
      amountFen: fen(5_000_000n),
      day: fc.integer({ min: 0, max: 400 }),
      external: fc.boolean(),
      serviceCategory: fc.constantFrom('research', 'testing', 'training', 'commercial-inspection'),
      userInstitutionCode: fc.constantFrom('C', 'D'),
    }),
    { maxLength: 40 },
  );

  it('never covers more than the balance, the amount, the voucher’s share or its per-use cap; balances account for every fen', () => {
    fc.assert(
      fc.property(voucherArb('CV-1'), voucherArb('CV-2'), claimsArb, (v1, v2, raw) => {
        const vouchers: Voucher[] = [v1, v2];
        const claims: VoucherClaim[] = raw.map((c, i) => ({
          ...c,
          usageCode: `U-${String(i).padStart(3, '0')}`,
          start: new Date(T0 + c.day * DAY),
        }));
        const { draws, refusals, balances } = drawVouchers(vouchers, claims);
        expect(draws.length + refusals.length).toBe(claims.length);
        // A voucher is drawn exactly when policy.md's conditions hold, judged here independently of the code.
        for (const c of claims) {
          const v = vouchers.find((x) => x.code === c.voucherCode) as Voucher;
          const t = c.start.getTime();
          const applies =
            c.external &&
            (c.serviceCategory === 'research' || c.serviceCategory === 'testing') &&
            c.userInstitutionCode === v.holderInstitutionCode &&
            v.validFrom.getTime() <= t &&
            (v.validTo === null || t < v.validTo.getTime());
          expect(draws.some((d) => d.usageCode === c.usageCode)).toBe(applies);
        }
        for (const v of vouchers) {
          let drawn = 0n;
          for (const d of draws.filter((x) => x.voucherCode === v.code)) {
            const c = claims.find((x) => x.usageCode === d.usageCode) as VoucherClaim;
            expect(d.voucherFen >= 0n).toBe(true);
            expect(d.voucherFen <= c.amountFen).toBe(true);
            expect(d.voucherFen <= roundHalfUp(c.amountFen * BigInt(v.coverBps), 10000n)).toBe(true);
            if (v.perUseCapFen !== null) expect(d.voucherFen <= v.perUseCapFen).toBe(true);
            drawn += d.voucherFen;
            expect(drawn <= v.faceValueFen).toBe(true);
          }
          expect(balances.get(v.code)).toBe(v.faceValueFen - drawn);
        }
      }),
    );
  });

  it('draws in order of start then code: settling the earlier records first, then the rest from the balance left, gives the same', () => {
    fc.assert(
      fc.property(voucherArb('CV-1'), voucherArb('CV-2'), claimsArb, fc.integer({ min: 0, max: 400 }), (v1, v2, raw, cutDay) => {
        const vouchers: Voucher[] = [v1, v2];
        const claims: VoucherClaim[] = raw.map((c, i) => ({
          ...c,
          usageCode: `U-${String(i).padStart(3, '0')}`,
          start: new Date(T0 + c.day * DAY),
        }));
        const all = drawVouchers(vouchers, claims);
        const cut = T0 + cutDay * DAY;
        const first = drawVouchers(
          vouchers,
          claims.filter((c) => c.start.getTime() < cut),
        );
        const drawn = new Map(vouchers.map((v) => [v.code, v.faceValueFen - (first.balances.get(v.code) as bigint)]));
        const rest = drawVouchers(
          vouchers,
          claims.filter((c) => c.start.getTime() >= cut),
          drawn,
        );
        expect([...first.draws, ...rest.draws]).toEqual(all.draws);
        expect(rest.balances).toEqual(all.balances);
      }),
    );
  });
});

describe('statements (properties)', () => {
  it('makes every total the sum of its lines, every line land in exactly one statement of its start’s month', () => {
    const lineArb = fc.record({
      provider: fc.constantFrom('A', 'B'),
      payer: fc.constantFrom('A', 'C', 'D'),
      minute: fc.integer({ min: 0, max: 600 * 24 * 60 }),
      amount: fen(9_000_000n),
      sharePct: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 60 }), (raw) => {
        const lines: StatementLine[] = raw.map((l, i) => ({
          usageCode: `U${i}`,
          providerInstitutionCode: l.provider,
          payerInstitutionCode: l.payer,
          start: new Date(T0 + l.minute * MINUTE),
          amountFen: l.amount,
          voucherFen: (l.amount * BigInt(l.sharePct)) / 100n,
        }));
        const statements = buildStatements(lines);
        expect(statements.reduce((n, s) => n + s.lines, 0)).toBe(lines.length);
        for (const s of statements) {
          const mine = lines.filter(
            (l) =>
              l.providerInstitutionCode === s.providerInstitutionCode &&
              l.payerInstitutionCode === s.payerInstitutionCode &&
              periodOf(l.start) === s.period,
          );
          expect(s.lines).toBe(mine.length);
          expect(s.amountFen).toBe(mine.reduce((n, l) => n + l.amountFen, 0n));
          expect(s.voucherFen).toBe(mine.reduce((n, l) => n + l.voucherFen, 0n));
          expect(s.payableFen).toBe(mine.reduce((n, l) => n + (l.amountFen - l.voucherFen), 0n));
        }
      }),
    );
  });
});

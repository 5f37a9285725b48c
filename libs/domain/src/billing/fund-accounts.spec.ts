import fc from 'fast-check';
import { availableFen, chargeBooking, holdEstimate, holdRefusal, holdRefusalMessage, needsPiApproval, settleHold, type FundAccountBalance } from './fund-accounts';
import type { RateCard, UsageToPrice } from './pricing';

const at = new Date('2026-06-01T02:00:00Z');
const account = (over: Partial<FundAccountBalance> = {}): FundAccountBalance => ({
  budgetFen: 100_000n, heldFen: 30_000n, chargedFen: 20_000n, state: 'active', validFrom: new Date('2026-01-01T00:00:00Z'), validTo: new Date('2027-01-01T00:00:00Z'), ...over,
});

describe('holding an estimate on a fund account (预扣)', () => {
  it.each<[string, FundAccountBalance, bigint, ReturnType<typeof holdRefusal>]>([
    ['within what is left', account(), 49_999n, null],
    ['exactly what is left', account(), 50_000n, null],
    ['one fen over: the shortfall is named', account(), 50_001n, { reason: 'over-budget', availableFen: 50_000n, shortfallFen: 1n }],
    ['an account spent past its budget has nothing left', account({ chargedFen: 90_000n }), 1n, { reason: 'over-budget', availableFen: 0n, shortfallFen: 1n }],
    ['no budget: anything', account({ budgetFen: null }), 10n ** 12n, null],
    ['a frozen account: nothing', account({ state: 'frozen' }), 1n, { reason: 'frozen' }],
    ['before its validity', account({ validFrom: new Date('2026-07-01T00:00:00Z') }), 1n, { reason: 'not-valid-at', at }],
    ['at its (exclusive) end', account({ validTo: at }), 1n, { reason: 'not-valid-at', at }],
  ])('%s', (_what, acc, amount, expected) => {
    expect(holdRefusal(acc, amount, at)).toEqual(expected);
  });

  it('holds granted one after another never sum past the budget', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 8n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 7n }), { maxLength: 30 }), (budget, asks) => {
      let acc = account({ budgetFen: budget, heldFen: 0n, chargedFen: 0n });
      for (const ask of asks) if (holdRefusal(acc, ask, at) === null) acc = { ...acc, heldFen: acc.heldFen + ask };
      expect(acc.heldFen <= budget).toBe(true);
      expect(availableFen(acc)).toBe(budget - acc.heldFen);
    }));
  });

  it('settlement moves the estimate out of the holds and the charge into the charges', () => {
    expect(settleHold(account(), 10_000n, 12_345n)).toMatchObject({ heldFen: 20_000n, chargedFen: 32_345n });
    expect(() => settleHold(account(), 30_001n, 0n)).toThrow(RangeError);
  });
});

describe('the PI’s approval of a member’s booking', () => {
  it.each<[bigint, bigint | null, boolean, boolean]>([[5_000n, null, false, false], [5_000n, 5_000n, false, false], [5_001n, 5_000n, false, true], [5_001n, 5_000n, true, false], [0n, 0n, false, false]])('%s fen, threshold %s, by the PI %s → %s', (estimate, threshold, byPi, expected) => {
    expect(needsPiApproval(estimate, threshold, byPi)).toBe(expected);
  });
});

describe('the refusal as the booker reads it', () => {
  const card = { code: 'JF-2026-01', name: '国家自然科学基金面上项目' };
  it.each<[string, ReturnType<typeof holdRefusal>, RegExp, RegExp]>([
    ['frozen', { reason: 'frozen' }, /^经费卡 JF-2026-01（国家自然科学基金面上项目）已冻结/, /frozen/],
    ['not valid', { reason: 'not-valid-at', at }, /不在有效期内/, /not valid/],
    ['over budget: shortfall and what is left in 元', { reason: 'over-budget', availableFen: 12_345n, shortfallFen: 5n }, /可用 123\.45 元，本次预扣还差 0\.05 元/, /short of 0\.05 yuan .*123\.45 yuan left/],
  ])('%s', (_what, refusal, zh, en) => {
    const message = holdRefusalMessage(card, refusal as NonNullable<ReturnType<typeof holdRefusal>>);
    expect(message.zh).toMatch(zh);
    expect(message.zh).toContain('JF-2026-01');
    expect(message.en).toMatch(en);
  });
});

describe('the estimate held for a booking', () => {
  const hourly: RateCard = {
    code: 'RC-1', instrumentCode: 'EQ-1', serviceMode: 'self', unit: 'hour', internalPriceFen: 10_000n, externalPriceFen: 30_000n,
    incrementMinutes: 30, minimumChargeFen: 0n, validFrom: new Date('2026-01-01T00:00:00Z'), validTo: null,
  };
  const booking = (over: Partial<UsageToPrice> = {}): UsageToPrice => ({
    code: 'BK-1', instrumentCode: 'EQ-1', serviceMode: 'self', start: new Date('2026-06-01T01:00:00Z'), end: new Date('2026-06-01T02:00:00Z'), samples: null, external: false, ...over,
  });
  it.each<[string, UsageToPrice, RateCard[], bigint]>([
    ['an internal hour', booking(), [hourly], 10_000n],
    ['an external hour', booking({ external: true }), [hourly], 30_000n],
    ['a started half hour is billed whole', booking({ end: new Date('2026-06-01T02:10:00Z') }), [hourly], 15_000n],
    ['no rate card: nothing held', booking({ serviceMode: 'assisted' }), [hourly], 0n],
    ['the minimum charge', booking(), [{ ...hourly, minimumChargeFen: 50_000n }], 50_000n],
  ])('%s', (_what, usage, cards, expected) => {
    expect(holdEstimate(usage, cards)).toBe(expected);
  });

  it('is never negative and grows with the booking’s length', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 0, max: 600 }), (minutes, more) => {
      const start = new Date('2026-06-01T01:00:00Z');
      const at = (m: number) => new Date(start.getTime() + m * 60_000);
      const short = holdEstimate(booking({ start, end: at(minutes) }), [hourly]);
      const long = holdEstimate(booking({ start, end: at(minutes + more) }), [hourly]);
      expect(short >= 0n).toBe(true);
      expect(long >= short).toBe(true);
    }));
  });
});

describe('settlement replacing a booking’s hold by its charge', () => {
  it.each<[string, { heldFen: bigint | null; chargedFen: bigint | null }, bigint, Partial<FundAccountBalance>]>([
    ['the first settlement: the hold goes, the charge comes', { heldFen: 10_000n, chargedFen: null }, 12_000n, { heldFen: 20_000n, chargedFen: 32_000n }],
    ['settled again for less: the earlier charge is replaced', { heldFen: null, chargedFen: 12_000n }, 9_000n, { heldFen: 30_000n, chargedFen: 17_000n }],
    ['settled again for the same: nothing changes', { heldFen: null, chargedFen: 12_000n }, 12_000n, { heldFen: 30_000n, chargedFen: 20_000n }],
    ['no hold (no rate card when approved): only the charge', { heldFen: null, chargedFen: null }, 5_000n, { heldFen: 30_000n, chargedFen: 25_000n }],
  ])('%s', (_what, booking, charge, expected) => {
    expect(chargeBooking(account(), booking, charge)).toMatchObject(expected);
  });

  it('after any sequence of settlements the account’s charges are its bookings’ latest charges, and no hold is left', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.bigInt({ min: 0n, max: 10n ** 6n })), { maxLength: 40 }), (settlements) => {
      const holds = [1_000n, 2_000n, 3_000n, 4_000n, 5_000n];
      const bookings = holds.map((h) => ({ heldFen: h as bigint | null, chargedFen: null as bigint | null }));
      let acc = account({ heldFen: holds.reduce((x, y) => x + y, 0n), chargedFen: 0n });
      for (const [i, charge] of settlements) {
        acc = chargeBooking(acc, bookings[i], charge);
        bookings[i] = { heldFen: null, chargedFen: charge };
      }
      expect(acc.chargedFen).toBe(bookings.reduce((sum, b) => sum + (b.chargedFen ?? 0n), 0n));
      expect(acc.heldFen).toBe(bookings.reduce((sum, b) => sum + (b.heldFen ?? 0n), 0n));
    }));
  });
});

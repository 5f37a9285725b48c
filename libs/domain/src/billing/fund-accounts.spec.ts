import fc from 'fast-check';
import { availableFen, holdRefusal, needsPiApproval, settleHold, type FundAccountBalance } from './fund-accounts';

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

import fc from 'fast-check';
import { roundHalfUp } from '../rational';
import {
  CLAIM_ACTIONS, CLAIM_STATES, claimTransition, DrawnLine, holderCover, HolderVoucher, PaidLine, programmeLedger, selectProviderClaimLines, spendableIn,
} from './voucher-claims';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3600000;

const drawn = (usageCode: string, hours: number, drawnFen: bigint): DrawnLine => ({ usageCode, start: new Date(T0 + hours * HOUR), drawnFen });

const VOUCHER: HolderVoucher = {
  code: 'PV-SC-0001', holderInstitutionCode: 'SC-ENT', faceValueFen: 100000n, coverBps: 6000, perUseCapFen: 30000n,
  validFrom: new Date(T0), validTo: new Date(T0 + 365 * 24 * HOUR), providerRegions: ['CQ'],
};

const paid = (usageCode: string, hours: number, amountFen: bigint, over: Partial<PaidLine> = {}): PaidLine => ({
  usageCode, start: new Date(T0 + hours * HOUR), amountFen, external: true, serviceCategory: 'research', userInstitutionCode: 'SC-ENT',
  providerRegion: 'CQ', voucherCode: null, ...over,
});

describe('claim states', () => {
  it.each([
    ['submitted', 'approve', 'approved'], ['submitted', 'reject', 'rejected'], ['approved', 'pay', 'paid'],
    ['submitted', 'pay', null], ['approved', 'approve', null], ['approved', 'reject', null], ['paid', 'pay', null],
    ['paid', 'reject', null], ['rejected', 'approve', null], ['rejected', 'pay', null],
  ] as const)('%s + %s → %s', (state, action, next) => {
    expect(claimTransition(state, action)).toBe(next);
  });

  it('paid and rejected are final', () => {
    for (const s of ['paid', 'rejected'] as const) for (const a of CLAIM_ACTIONS) expect(claimTransition(s, a)).toBeNull();
    expect(CLAIM_STATES).toHaveLength(4);
  });
});

describe('provider claim lines', () => {
  const lines = [drawn('UR-2', 2, 3000n), drawn('UR-1', 1, 5000n), drawn('UR-0', 0, 0n), drawn('UR-3', 3, 2000n)];

  it('takes every drawn line, in order of start, without the zero draws', () => {
    const s = selectProviderClaimLines(lines);
    expect(s).toMatchObject({ ok: true, totalFen: 10000n, availableFen: 10000n });
    expect(s.ok && s.lines.map((l) => l.usageCode)).toEqual(['UR-1', 'UR-2', 'UR-3']);
  });

  it('refuses more than is drawn and unclaimed, naming both figures', () => {
    expect(selectProviderClaimLines(lines, 10001n)).toEqual({ ok: false, reason: 'exceeds-available', availableFen: 10000n, requestedFen: 10001n });
  });

  it('refuses an empty claim', () => {
    expect(selectProviderClaimLines([drawn('UR-0', 0, 0n)])).toMatchObject({ ok: false, reason: 'nothing-to-claim' });
  });

  it('asking for less takes whole lines while they fit', () => {
    const s = selectProviderClaimLines(lines, 9000n);
    expect(s.ok && s.lines.map((l) => l.usageCode)).toEqual(['UR-1', 'UR-2']);
    expect(s.ok && s.totalFen).toBe(8000n);
    expect(selectProviderClaimLines(lines, 4000n)).toMatchObject({ ok: false, reason: 'no-whole-line' });
  });

  it('property: a claim never exceeds what is available nor what was asked, and never names a line twice', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.record({ code: fc.integer({ min: 0, max: 999 }), hours: fc.integer({ min: 0, max: 100 }), fen: fc.bigInt({ min: 0n, max: 100000n }) }), { selector: (r) => r.code, maxLength: 30 }),
      fc.option(fc.bigInt({ min: 0n, max: 2000000n }), { nil: undefined }),
      (rows, amount) => {
        const input = rows.map((r) => drawn(`UR-${r.code}`, r.hours, r.fen));
        const available = input.reduce((s, l) => s + l.drawnFen, 0n);
        const s = selectProviderClaimLines(input, amount);
        if (!s.ok) {
          expect(s.availableFen).toBe(available);
          if (s.reason === 'exceeds-available') expect(amount! > available).toBe(true);
          if (s.reason === 'nothing-to-claim') expect(available).toBe(0n);
          return;
        }
        expect(s.totalFen).toBe(s.lines.reduce((t, l) => t + l.drawnFen, 0n));
        expect(s.totalFen <= available).toBe(true);
        if (amount !== undefined) expect(s.totalFen <= amount).toBe(true);
        else expect(s.totalFen).toBe(available);
        expect(new Set(s.lines.map((l) => l.usageCode)).size).toBe(s.lines.length);
        expect(s.lines.every((l) => l.drawnFen > 0n)).toBe(true);
      }));
  });
});

describe('holder cover', () => {
  it('covers each line by the voucher rule, in order of start then code, capped per use and by the balance', () => {
    const { covered, balances } = holderCover([VOUCHER], [
      paid('UR-B', 1, 20000n), // 60 % = 12000
      paid('UR-A', 1, 80000n), // 60 % = 48000 → per-use cap 30000; first by code at the same start
      paid('UR-C', 2, 100000n), // cap 30000
      paid('UR-D', 3, 100000n), // balance left 100000 − 72000 = 28000
      paid('UR-E', 4, 1000n), // spent
    ]);
    expect(covered).toEqual([
      { usageCode: 'UR-A', voucherCode: 'PV-SC-0001', coverFen: 30000n },
      { usageCode: 'UR-B', voucherCode: 'PV-SC-0001', coverFen: 12000n },
      { usageCode: 'UR-C', voucherCode: 'PV-SC-0001', coverFen: 30000n },
      { usageCode: 'UR-D', voucherCode: 'PV-SC-0001', coverFen: 28000n },
    ]);
    expect(balances.get('PV-SC-0001')).toBe(0n);
  });

  it('leaves out lines outside the provider regions, validity, category or holder, with the reason', () => {
    const { covered, uncovered } = holderCover([VOUCHER], [
      paid('UR-1', 1, 1000n, { providerRegion: 'SC' }),
      paid('UR-2', -1, 1000n),
      paid('UR-3', 1, 1000n, { serviceCategory: 'training' }),
      paid('UR-4', 1, 1000n, { userInstitutionCode: 'OTHER' }),
      paid('UR-5', 1, 1000n, { external: false }),
      paid('UR-6', 1, 1000n, { voucherCode: 'SOMEONE-ELSES' }),
    ]);
    expect(covered).toEqual([]);
    expect(uncovered.map((u) => u.usageCode)).toEqual(['UR-2', 'UR-1', 'UR-3', 'UR-4', 'UR-5', 'UR-6']);
    expect(uncovered.find((u) => u.usageCode === 'UR-1')?.reason).toMatch(/SC/);
  });

  it('with two vouchers, a line goes to the first (by code) with a balance; a line naming one only to that one', () => {
    const second: HolderVoucher = { ...VOUCHER, code: 'PV-SC-0002', faceValueFen: 50000n };
    const { covered, uncovered } = holderCover([second, VOUCHER], [
      paid('UR-1', 1, 100000n), paid('UR-2', 2, 100000n), paid('UR-3', 3, 100000n), paid('UR-4', 4, 100000n),
      paid('UR-5', 5, 10000n, { voucherCode: 'PV-SC-0002' }), paid('UR-6', 6, 10000n),
    ], new Map([['PV-SC-0001', 40000n]]));
    // 0001 has 60000 left: 30000 + 30000 (per-use cap); then 0002 (50000): 30000 and the 20000 left; UR-5 names the spent 0002, UR-6 finds none.
    expect(covered.map((c) => [c.usageCode, c.voucherCode, c.coverFen])).toEqual([
      ['UR-1', 'PV-SC-0001', 30000n], ['UR-2', 'PV-SC-0001', 30000n], ['UR-3', 'PV-SC-0002', 30000n], ['UR-4', 'PV-SC-0002', 20000n],
    ]);
    expect(uncovered.map((u) => u.usageCode)).toEqual(['UR-5', 'UR-6']);
  });

  it('continues from what earlier live claims covered', () => {
    const { covered } = holderCover([VOUCHER], [paid('UR-1', 1, 100000n)], new Map([['PV-SC-0001', 95000n]]));
    expect(covered).toEqual([{ usageCode: 'UR-1', voucherCode: 'PV-SC-0001', coverFen: 5000n }]);
  });

  it('spendableIn: empty = anywhere', () => {
    expect(spendableIn([], null)).toBe(true);
    expect(spendableIn(['CQ'], 'CQ')).toBe(true);
    expect(spendableIn(['CQ'], null)).toBe(false);
  });

  it('property: never more than a balance, never more than the rule per line, each line once', () => {
    fc.assert(fc.property(
      fc.bigInt({ min: 0n, max: 500000n }),
      fc.integer({ min: 1, max: 10000 }),
      fc.option(fc.bigInt({ min: 0n, max: 100000n }), { nil: null }),
      fc.bigInt({ min: 0n, max: 500000n }),
      fc.uniqueArray(fc.record({ code: fc.integer({ min: 0, max: 999 }), hours: fc.integer({ min: -5, max: 50 }), fen: fc.bigInt({ min: 0n, max: 300000n }), cq: fc.boolean() }), { selector: (r) => r.code, maxLength: 25 }),
      (face, bps, cap, before, rows) => {
        const v: HolderVoucher = { ...VOUCHER, faceValueFen: face, coverBps: bps, perUseCapFen: cap };
        const lines = rows.map((r) => paid(`UR-${r.code}`, r.hours, r.fen, { providerRegion: r.cq ? 'CQ' : 'SC' }));
        const { covered, uncovered } = holderCover([v], lines, new Map([[v.code, before]]));
        const total = covered.reduce((s, c) => s + c.coverFen, 0n);
        const left = face - before;
        expect(total <= (left > 0n ? left : 0n)).toBe(true);
        expect(covered.length + uncovered.length).toBe(lines.length);
        expect(new Set(covered.map((c) => c.usageCode)).size).toBe(covered.length);
        for (const c of covered) {
          const line = lines.find((l) => l.usageCode === c.usageCode)!;
          expect(c.coverFen > 0n).toBe(true);
          expect(c.coverFen <= roundHalfUp(line.amountFen * BigInt(bps), 10000n)).toBe(true);
          if (cap !== null) expect(c.coverFen <= cap).toBe(true);
          expect(line.providerRegion).toBe('CQ');
          expect(line.start.getTime() >= T0).toBe(true);
        }
      }));
  });
});

describe('programme ledger', () => {
  it('sums per voucher and expires the unspent balance of ended vouchers only', () => {
    const at = new Date(T0 + 10 * HOUR);
    const { rows, totals } = programmeLedger([
      { code: 'B', issuedFen: 1000n, drawnFen: 300n, claimedFen: 300n, paidFen: 100n, validTo: new Date(T0) },
      { code: 'A', issuedFen: 2000n, drawnFen: 500n, claimedFen: 0n, paidFen: 0n, validTo: null },
      { code: 'C', issuedFen: 500n, drawnFen: 500n, claimedFen: 500n, paidFen: 500n, validTo: new Date(T0) },
    ], at);
    expect(rows.map((r) => [r.code, r.expiredFen])).toEqual([['A', 0n], ['B', 700n], ['C', 0n]]);
    expect(totals).toEqual({ issuedFen: 3500n, drawnFen: 1300n, claimedFen: 800n, paidFen: 600n, expiredFen: 700n });
  });

  it('property: issued = drawn + expired + still open balance', () => {
    fc.assert(fc.property(fc.array(fc.record({ issued: fc.bigInt({ min: 0n, max: 10000n }), share: fc.integer({ min: 0, max: 100 }), ended: fc.boolean() }), { maxLength: 20 }), (vs) => {
      const at = new Date(T0);
      const input = vs.map((v, i) => ({
        code: `V${i}`, issuedFen: v.issued, drawnFen: (v.issued * BigInt(v.share)) / 100n, claimedFen: 0n, paidFen: 0n,
        validTo: v.ended ? new Date(T0 - 1) : new Date(T0 + 1),
      }));
      const { rows, totals } = programmeLedger(input, at);
      const open = rows.filter((r) => r.validTo!.getTime() > at.getTime()).reduce((s, r) => s + r.issuedFen - r.drawnFen, 0n);
      expect(totals.issuedFen).toBe(totals.drawnFen + totals.expiredFen + open);
    }));
  });
});

import fc from 'fast-check';
import { roundHalfUp } from '../rational';
import {
  applicantRefusal, applicationRefusal, commit, CommitmentState, commitmentRefusal, expiredBalance, holderCoverage, ProgrammeTerms,
} from './voucher-programmes';
import { drawVouchers, Voucher, VoucherClaim } from './vouchers';

const PROGRAMME: ProgrammeTerms = {
  code: 'SC-CXQ-2026', budgetFen: 10_000_000n, perApplicationCapFen: 2_000_000n, perHolderYearCapFen: 3_000_000n,
  applicantKinds: ['enterprise'], applicantRegions: ['SC'], validFrom: new Date('2025-12-31T16:00:00Z'), validTo: new Date('2026-12-31T16:00:00Z'),
};
const IN_2026 = new Date('2026-03-01T00:00:00Z');

describe('who may apply to a programme', () => {
  it('accepts an enterprise of an applicant region, within the caps, while the programme runs', () => {
    expect(applicationRefusal(PROGRAMME, { kind: 'enterprise', region: 'SC' }, 2_000_000n, IN_2026)).toBeNull();
  });

  it.each([
    ['a hospital', { kind: 'hospital', region: 'SC' }, 1000n, IN_2026, 'applicant-kind'],
    ['an enterprise of another region', { kind: 'enterprise', region: 'CQ' }, 1000n, IN_2026, 'applicant-region'],
    ['an institution of no region', { kind: 'enterprise', region: null }, 1000n, IN_2026, 'applicant-region'],
    ['after the end (exclusive)', { kind: 'enterprise', region: 'SC' }, 1000n, PROGRAMME.validTo, 'programme-ended'],
    ['more than the per-application cap', { kind: 'enterprise', region: 'SC' }, 2_000_001n, IN_2026, 'per-application-cap'],
  ] as const)('refuses %s, naming the rule', (_name, applicant, amount, at, rule) => {
    const refusal = applicationRefusal(PROGRAMME, applicant, amount, at);
    expect(refusal?.rule).toBe(rule);
    expect(refusal?.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(refusal?.message.en.length).toBeGreaterThan(0);
  });

  it('an empty list admits any kind and region', () => {
    const open = { ...PROGRAMME, applicantKinds: [], applicantRegions: [] };
    fc.assert(fc.property(fc.constantFrom('university', 'institute', 'hospital', 'enterprise', 'other'), fc.option(fc.constantFrom('CQ', 'SC', 'GZ'), { nil: null }),
      (kind, region) => expect(applicantRefusal(open, { kind, region })).toBeNull()));
  });

  it('property: an applicant is admitted exactly when its kind and region are listed (or the list is empty)', () => {
    const kinds = fc.subarray(['university', 'institute', 'hospital', 'enterprise', 'other']);
    const regions = fc.subarray(['CQ', 'SC', 'GZ']);
    fc.assert(fc.property(kinds, regions, fc.constantFrom('university', 'hospital', 'enterprise'), fc.option(fc.constantFrom('CQ', 'SC', 'GZ'), { nil: null }),
      (applicantKinds, applicantRegions, kind, region) => {
        const admitted = applicantRefusal({ ...PROGRAMME, applicantKinds, applicantRegions }, { kind, region }) === null;
        const expected = (applicantKinds.length === 0 || applicantKinds.includes(kind)) && (applicantRegions.length === 0 || (region !== null && applicantRegions.includes(region)));
        expect(admitted).toBe(expected);
      }));
  });
});

describe('the budget and caps of approvals', () => {
  const start: CommitmentState = { budgetFen: 100n, committedFen: 0n, perApplicationCapFen: 30n, perHolderYearCapFen: 50n, holderCommittedFen: 0n };

  it('names the budget and what is left', () => {
    const r = commitmentRefusal({ ...start, committedFen: 90n }, 20n);
    expect(r).toMatchObject({ rule: 'budget', leftFen: 10n });
    expect(r?.message.zh).toContain('预算');
  });

  it('names the per-application cap first, then the budget, then the holder cap', () => {
    expect(commitmentRefusal({ ...start, committedFen: 100n, holderCommittedFen: 50n }, 31n)?.rule).toBe('per-application-cap');
    expect(commitmentRefusal({ ...start, committedFen: 100n, holderCommittedFen: 50n }, 30n)?.rule).toBe('budget');
    expect(commitmentRefusal({ ...start, holderCommittedFen: 40n }, 11n)).toMatchObject({ rule: 'per-holder-cap', leftFen: 10n });
    expect(commitmentRefusal({ ...start, holderCommittedFen: 40n }, 10n)).toBeNull();
  });

  it('property: however approvals come, the budget and every cap hold, and a refusal is always justified', () => {
    const approval = fc.record({ holder: fc.constantFrom('A', 'B', 'C'), amount: fc.bigInt({ min: 1n, max: 60n }) });
    fc.assert(fc.property(fc.array(approval, { maxLength: 40 }), fc.bigInt({ min: 1n, max: 200n }), (approvals, budgetFen) => {
      let committed = 0n;
      const perHolder = new Map<string, bigint>();
      for (const { holder, amount } of approvals) {
        const state: CommitmentState = { ...start, budgetFen, committedFen: committed, holderCommittedFen: perHolder.get(holder) ?? 0n };
        const { state: next, refusal } = commit(state, amount);
        if (refusal) {
          // Refused only when granting would break a rule.
          const fits = amount <= start.perApplicationCapFen && committed + amount <= budgetFen && (perHolder.get(holder) ?? 0n) + amount <= start.perHolderYearCapFen;
          expect(fits).toBe(false);
          expect(next).toBe(state);
          continue;
        }
        committed = next.committedFen;
        perHolder.set(holder, next.holderCommittedFen);
        expect(amount).toBeLessThanOrEqual(start.perApplicationCapFen);
      }
      expect(committed).toBeLessThanOrEqual(budgetFen);
      for (const v of perHolder.values()) expect(v).toBeLessThanOrEqual(start.perHolderYearCapFen);
    }), { numRuns: 500 });
  });
});

const VOUCHER: Voucher = {
  code: 'SC-CXQ-2026-1', holderInstitutionCode: 'SC-ENT', faceValueFen: 1_000_000n, coverBps: 6000, perUseCapFen: null,
  validFrom: PROGRAMME.validFrom, validTo: PROGRAMME.validTo, providerRegions: ['SC', 'CQ'], mode: 'holder-reimbursed',
};
const record = (usageCode: string, start: string, amountFen: bigint, over: Partial<VoucherClaim> = {}): Omit<VoucherClaim, 'voucherCode'> => ({
  usageCode, start: new Date(start), amountFen, external: true, serviceCategory: 'research', userInstitutionCode: 'SC-ENT', providerRegion: 'CQ', ...over,
});

describe('settlement and programme vouchers', () => {
  const claim = (r: Omit<VoucherClaim, 'voucherCode'>, voucherCode = VOUCHER.code): VoucherClaim => ({ ...r, voucherCode });

  it('never draws on a holder-reimbursed voucher, and says why', () => {
    const { draws, refusals } = drawVouchers([VOUCHER], [claim(record('UR-1', '2026-03-02T01:00:00Z', 100_000n))]);
    expect(draws).toEqual([]);
    expect(refusals).toMatchObject([{ usageCode: 'UR-1', reason: 'holder-reimbursed' }]);
  });

  it('draws on a provider-redeemed voucher only at a provider in its regions', () => {
    const redeemed: Voucher = { ...VOUCHER, mode: 'provider-redeemed' };
    const { draws, refusals } = drawVouchers([redeemed], [
      claim(record('UR-1', '2026-03-02T01:00:00Z', 100_000n)),
      claim(record('UR-2', '2026-03-03T01:00:00Z', 100_000n, { providerRegion: 'GZ' })),
    ]);
    expect(draws).toEqual([{ usageCode: 'UR-1', voucherCode: redeemed.code, voucherFen: 60_000n }]);
    expect(refusals).toMatchObject([{ usageCode: 'UR-2', reason: 'provider-region' }]);
    expect(refusals[0].message).toContain('GZ');
  });

  it('property: a voucher without provider regions or mode (issued the old way) draws exactly as before, whatever the provider region', () => {
    const old: Voucher = { ...VOUCHER, providerRegions: undefined, mode: undefined };
    fc.assert(fc.property(fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 500_000n }), fc.option(fc.constantFrom('CQ', 'GZ'), { nil: null })), { maxLength: 10 }), (rows) => {
      const claims = rows.map(([amount, region], i) => claim(record(`UR-${i}`, `2026-04-0${1 + (i % 9)}T01:00:00Z`, amount, { providerRegion: region })));
      const withRegions = drawVouchers([old], claims);
      const without = drawVouchers([old], claims.map(({ providerRegion: _omit, ...c }) => c));
      expect(withRegions).toEqual(without);
      expect(withRegions.refusals).toEqual([]);
    }));
  });
});

describe('what a holder-reimbursed voucher covers', () => {
  it('covers min(roundHalfUp(amount × cover), balance) in order of start, then code', () => {
    const { lines, balanceFen } = holderCoverage(VOUCHER, [
      record('UR-B', '2026-05-01T01:00:00Z', 1_000_000n),
      record('UR-A', '2026-05-01T01:00:00Z', 1_000_001n),
      record('UR-C', '2026-04-01T01:00:00Z', 100_000n),
    ]);
    // UR-C first (60 000), then UR-A (600 000.6 → 600 001), then UR-B (what is left: 339 999).
    expect(lines.map((l) => [l.usageCode, l.voucherFen])).toEqual([['UR-C', 60_000n], ['UR-A', 600_001n], ['UR-B', 339_999n]]);
    expect(balanceFen).toBe(0n);
  });

  it('covers nothing of a record the voucher does not apply to, and names why', () => {
    const { lines, refusals } = holderCoverage(VOUCHER, [
      record('UR-1', '2026-05-01T01:00:00Z', 1000n, { providerRegion: 'GZ' }),
      record('UR-2', '2026-05-01T01:00:00Z', 1000n, { userInstitutionCode: 'OTHER' }),
      record('UR-3', '2027-05-01T01:00:00Z', 1000n),
    ]);
    expect(lines).toEqual([]);
    expect(refusals.map((r) => r.reason)).toEqual(['provider-region', 'not-holder', 'outside-validity']);
  });

  it('property: the same rule as a provider-redeemed voucher at settlement; never more than the face value or the cover share', () => {
    const rows = fc.array(fc.record({
      amount: fc.bigInt({ min: 0n, max: 900_000n }), day: fc.integer({ min: 1, max: 28 }), region: fc.constantFrom('CQ', 'SC', 'GZ'),
      category: fc.constantFrom('research', 'testing', 'commercial'),
    }), { maxLength: 15 });
    fc.assert(fc.property(rows, fc.bigInt({ min: 0n, max: 1_000_000n }), (rs, before) => {
      const records = rs.map((r, i) => record(`UR-${String(i).padStart(2, '0')}`, `2026-06-${String(r.day).padStart(2, '0')}T01:00:00Z`, r.amount, {
        providerRegion: r.region, serviceCategory: r.category,
      }));
      const covered = holderCoverage(VOUCHER, records, before);
      const redeemed = drawVouchers([{ ...VOUCHER, mode: 'provider-redeemed' }], records.map((r) => ({ ...r, voucherCode: VOUCHER.code })), new Map([[VOUCHER.code, before]]));
      expect(covered.lines).toEqual(redeemed.draws);
      expect(covered.refusals).toEqual(redeemed.refusals);
      const total = covered.lines.reduce((s, l) => s + l.voucherFen, 0n);
      expect(total + before).toBeLessThanOrEqual(VOUCHER.faceValueFen > before ? VOUCHER.faceValueFen : before);
      for (const l of covered.lines) {
        const r = records.find((x) => x.usageCode === l.usageCode) as (typeof records)[number];
        expect(l.voucherFen).toBeLessThanOrEqual(roundHalfUp(r.amountFen * 6000n, 10000n));
      }
    }), { numRuns: 300 });
  });
});

describe('expiry', () => {
  it('the unspent balance expires at the end, not before', () => {
    const v = { faceValueFen: 1000n, validTo: new Date('2027-01-01T00:00:00Z') };
    expect(expiredBalance(v, 300n, new Date('2026-12-31T23:59:59Z'))).toBe(0n);
    expect(expiredBalance(v, 300n, v.validTo)).toBe(700n);
    expect(expiredBalance(v, 1000n, v.validTo)).toBe(0n);
    expect(expiredBalance({ faceValueFen: 1000n, validTo: null }, 0n, new Date('2100-01-01T00:00:00Z'))).toBe(0n);
  });
});

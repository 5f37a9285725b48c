import { shanghaiMidnight } from '../instants';
import { drawVouchers, Voucher, VoucherClaim, voucherCover, voucherRefusal } from './vouchers';

// The worked example's vouchers (bundle/vouchers.csv), both held by D-CORP.
const CV_D_01: Voucher = {
  code: 'CV-D-01',
  holderInstitutionCode: 'D-CORP',
  faceValueFen: 2000000n,
  coverBps: 5000,
  perUseCapFen: 800000n,
  validFrom: shanghaiMidnight('2025-01-01'),
  validTo: shanghaiMidnight('2026-01-01'),
};
const CV_D_02: Voucher = {
  code: 'CV-D-02',
  holderInstitutionCode: 'D-CORP',
  faceValueFen: 1000000n,
  coverBps: 3000,
  perUseCapFen: null,
  validFrom: shanghaiMidnight('2025-03-01'),
  validTo: shanghaiMidnight('2025-06-01'),
};

const claim = (
  usageCode: string,
  voucherCode: string,
  start: string,
  amountFen: bigint,
  { external = true, serviceCategory = 'research', userInstitutionCode = 'D-CORP' } = {},
): VoucherClaim => ({ usageCode, voucherCode, start: new Date(start), amountFen, external, serviceCategory, userInstitutionCode });

// The charged records of the worked example that name a voucher, in usage.csv's row order.
const CLAIMS: VoucherClaim[] = [
  claim('UR-957', 'CV-D-01', '2025-03-03T09:00:00+08:00', 2550000n),
  claim('UR-100', 'CV-D-01', '2025-06-30T16:30:00+00:00', 7920000n),
  claim('UR-683', 'CV-D-01', '2025-10-20T09:00:00+08:00', 7920000n),
  claim('UR-316', 'CV-D-01', '2025-05-12T09:00:00+08:00', 175000n),
  claim('UR-667', 'CV-D-01', '2025-10-20T09:00:00+08:00', 280000n),
  claim('UR-622', 'CV-D-01', '2025-12-01T09:00:00+08:00', 2522400n),
  claim('UR-709', 'CV-D-02', '2025-03-19T14:00:00+08:00', 20000n, { serviceCategory: 'testing' }),
  claim('UR-213', 'CV-D-02', '2025-04-09T09:00:00+08:00', 360000n),
  claim('UR-659', 'CV-D-02', '2025-05-20T09:00:00+08:00', 160000n, { serviceCategory: 'commercial-inspection' }),
  claim('UR-302', 'CV-D-02', '2025-07-08T09:00:00+08:00', 120000n),
  claim('UR-720', 'CV-D-01', '2025-12-22T09:00:00+08:00', 120000n, { userInstitutionCode: 'B-HOSP' }),
  claim('UR-188', 'CV-D-01', '2025-03-05T09:00:00+08:00', 18000n, { external: false }),
];

const fen = (draws: { usageCode: string; voucherFen: bigint }[]) => draws.map((d) => [d.usageCode, d.voucherFen]);

describe('voucher draw-down (worked example)', () => {
  const { draws, refusals, balances } = drawVouchers([CV_D_01, CV_D_02], CLAIMS);

  it('draws CV-D-01 in order of start then code until it is spent, the per-use cap first', () => {
    expect(fen(draws.filter((d) => d.voucherCode === 'CV-D-01'))).toEqual([
      ['UR-957', 800000n], // 50 % of 2 550 000 = 1 275 000 → per-use cap 800 000
      ['UR-316', 87500n],
      ['UR-100', 800000n],
      ['UR-667', 140000n], // same instant as UR-683, smaller code: first, though its row comes later
      ['UR-683', 172500n], // the last of the balance
      ['UR-622', 0n], // applies but spent: named with 0
    ]);
    expect(balances.get('CV-D-01')).toBe(0n);
  });

  it('draws CV-D-02 without a per-use cap', () => {
    expect(fen(draws.filter((d) => d.voucherCode === 'CV-D-02'))).toEqual([
      ['UR-709', 6000n], // 30 % of 20 000
      ['UR-213', 108000n], // 30 % of 360 000
    ]);
    expect(balances.get('CV-D-02')).toBe(886000n);
  });

  it('says why a voucher was not used', () => {
    expect(refusals.map((r) => [r.usageCode, r.voucherCode, r.reason])).toEqual([
      ['UR-188', 'CV-D-01', 'not-external'],
      ['UR-659', 'CV-D-02', 'category'],
      ['UR-302', 'CV-D-02', 'outside-validity'],
      ['UR-720', 'CV-D-01', 'not-holder'],
    ]);
    expect(Object.fromEntries(refusals.map((r) => [r.usageCode, r.message]))).toEqual({
      'UR-188': 'record is not external',
      'UR-302': "start outside the voucher's validity",
      'UR-659': 'service category commercial-inspection is not research or testing',
      'UR-720': "user does not belong to the voucher's holder",
    });
  });

  it('gives the same draws whatever order the claims come in', () => {
    const again = drawVouchers([CV_D_01, CV_D_02], [...CLAIMS].reverse());
    expect(again.draws).toEqual(draws);
    expect(again.refusals).toEqual(refusals);
  });

  it('continues from what earlier settlements drew, so settling month by month gives the same as all at once', () => {
    const julyEnd = shanghaiMidnight('2025-08-01').getTime();
    const first = drawVouchers(
      [CV_D_01, CV_D_02],
      CLAIMS.filter((c) => c.start.getTime() < julyEnd),
    );
    const drawn = new Map([...first.balances].map(([code, left]) => [code, (code === 'CV-D-01' ? CV_D_01 : CV_D_02).faceValueFen - left]));
    const rest = drawVouchers(
      [CV_D_01, CV_D_02],
      CLAIMS.filter((c) => c.start.getTime() >= julyEnd),
      drawn,
    );
    expect([...first.draws, ...rest.draws].sort((a, b) => (a.usageCode < b.usageCode ? -1 : 1))).toEqual(
      [...draws].sort((a, b) => (a.usageCode < b.usageCode ? -1 : 1)),
    );
    expect(rest.balances).toEqual(balances);
  });
});

describe('when a voucher applies', () => {
  const at = (start: string, over: Parameters<typeof claim>[4] = {}) => claim('X', 'CV-D-02', start, 100000n, over);

  it('takes validity as [validFrom, validTo)', () => {
    expect(voucherRefusal(CV_D_02, at('2025-03-01T00:00:00+08:00'))).toBeNull();
    expect(voucherRefusal(CV_D_02, at('2025-02-28T23:59:00+08:00'))?.reason).toBe('outside-validity');
    expect(voucherRefusal(CV_D_02, at('2025-05-31T23:59:00+08:00'))).toBeNull();
    expect(voucherRefusal(CV_D_02, at('2025-06-01T00:00:00+08:00'))?.reason).toBe('outside-validity');
    expect(voucherRefusal({ ...CV_D_02, validTo: null }, at('2099-01-01T00:00:00+08:00'))).toBeNull();
  });

  it('covers research and testing only', () => {
    for (const category of ['research', 'testing'])
      expect(voucherRefusal(CV_D_02, at('2025-04-01T09:00:00+08:00', { serviceCategory: category }))).toBeNull();
    for (const category of [
      'training',
      'statutory-certification',
      'law-enforcement',
      'commercial-inspection',
      'commercial-filming',
      'medical-service',
    ]) {
      expect(voucherRefusal(CV_D_02, at('2025-04-01T09:00:00+08:00', { serviceCategory: category }))?.reason).toBe('category');
    }
  });

  it('names the first failed condition in policy.md’s order: external, category, holder, validity', () => {
    const everythingWrong = at('2025-07-01T09:00:00+08:00', {
      external: false,
      serviceCategory: 'training',
      userInstitutionCode: 'C-INST',
    });
    expect(voucherRefusal(CV_D_02, everythingWrong)?.reason).toBe('not-external');
    expect(voucherRefusal(CV_D_02, { ...everythingWrong, external: true })?.reason).toBe('category');
    expect(voucherRefusal(CV_D_02, { ...everythingWrong, external: true, serviceCategory: 'testing' })?.reason).toBe('not-holder');
  });

  it('lets a related-party record (external) use its holder’s voucher', () => {
    const hospitalVoucher = { ...CV_D_01, code: 'CV-B', holderInstitutionCode: 'B-HOSP' };
    const { draws, refusals } = drawVouchers(
      [hospitalVoucher],
      [claim('UR-221', 'CV-B', '2025-03-24T09:00:00+08:00', 2522400n, { userInstitutionCode: 'B-HOSP' })],
    );
    expect(refusals).toEqual([]);
    expect(draws).toEqual([{ usageCode: 'UR-221', voucherCode: 'CV-B', voucherFen: 800000n }]);
  });

  it('refuses a voucher it does not know', () => {
    const { draws, refusals } = drawVouchers([CV_D_01], [claim('X', 'CV-NONE', '2025-04-01T09:00:00+08:00', 1000n)]);
    expect(draws).toEqual([]);
    expect(refusals).toMatchObject([{ usageCode: 'X', voucherCode: 'CV-NONE', reason: 'unknown-voucher' }]);
  });
});

describe('what one use covers', () => {
  it.each([
    ['its share, halves up', CV_D_02, 5n, 1000000n, 2n], // 30 % of 5 = 1.5 → 2
    ['its share, below half down', CV_D_02, 1n, 1000000n, 0n], // 0.3 → 0
    ['no more than the per-use cap', CV_D_01, 2550000n, 2000000n, 800000n],
    ['no more than the balance', CV_D_01, 7920000n, 172500n, 172500n],
    ['nothing once spent', CV_D_01, 2522400n, 0n, 0n],
  ])('%s', (_rule, voucher, amount, balance, cover) => {
    expect(voucherCover(voucher, amount, balance)).toBe(cover);
  });
});

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '@yixiang/domain';
import { formOfPolicy, overridesOf, POLICY_GRADES, policyOfForm, type PolicyForm } from './policy-form';

const reference = JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/worked-example/bundle/policy.json'), 'utf8')) as Record<string, unknown>;
const documentOf = (form: PolicyForm) => {
  const out = policyOfForm(form);
  if ('problems' in out) throw new Error(JSON.stringify(out.problems));
  return out.document;
};

describe('the policy form', () => {
  it('shows the worked example in 元, hours and percent', () => {
    const form = formOfPolicy(reference);
    expect(form).toMatchObject({
      eligibleValueYuan: '500000', // 50,000,000 fen
      ratePercent: '20', // 2000 bps
      targetExternalSharePercent: String(Number(reference.targetExternalShare) * 100),
      budgetYuan: (reference.budgetFen as number) % 100 === 0 ? String((reference.budgetFen as number) / 100) : expect.any(String),
      factorPercent: { excellent: '120', good: '100', pass: '60', poor: '0' },
    });
  });

  it('gives back the very document it was made from', () => {
    expect(documentOf(formOfPolicy(reference))).toEqual(reference);
    const regional = { ...reference, region: 'CQ', excellentQuota: 3, targetExternalShare: '0.125' };
    expect(documentOf(formOfPolicy(regional))).toEqual(regional);
  });

  it('turns 元, percent and hours typed by a person into fen, basis points and hours exactly', () => {
    const form = { ...formOfPolicy(reference), budgetYuan: '1,234.56', ratePercent: '12.5', perInstrumentCapYuan: '0.29', benchmarkGeneralHours: '1600', targetExternalSharePercent: '30' };
    expect(documentOf(form)).toMatchObject({ budgetFen: 123456, rateBps: 1250, perInstrumentCapFen: 29, benchmarkHours: { general: 1600 }, targetExternalShare: '0.30' });
  });

  it.each([
    ['budgetYuan', '12.345', '金额'],
    ['ratePercent', '101', '百分比'],
    ['benchmarkGeneralHours', '1.5', '整小时'],
    ['targetExternalSharePercent', '0', '大于 0'],
    ['excellentQuota', '0', '优秀名额'],
    ['code', '', '编号'],
    ['region', 'cq1', '地区'],
    ['manualHoursFactorPercent', '101', '0–100 的整数百分比'],
    ['manualHoursFactorPercent', '50.5', '0–100 的整数百分比'],
  ] as const)('refuses %s = "%s" in Chinese', (field, value, words) => {
    const out = policyOfForm({ ...formOfPolicy(reference), [field]: value });
    expect('problems' in out && out.problems).toEqual([{ field, message: expect.stringContaining(words) }]);
  });

  it('takes manualHoursFactorPct in percent, and leaves it out when empty (every hour counts in full)', () => {
    expect(formOfPolicy(reference).manualHoursFactorPercent).toBe('');
    expect(documentOf(formOfPolicy(reference))).not.toHaveProperty('manualHoursFactorPct');
    const half = { ...reference, manualHoursFactorPct: 50 };
    expect(formOfPolicy(half).manualHoursFactorPercent).toBe('50');
    expect(documentOf(formOfPolicy(half))).toEqual(half);
    expect(documentOf({ ...formOfPolicy(reference), manualHoursFactorPercent: '0' })).toMatchObject({ manualHoursFactorPct: 0 });
    expect('policy' in parsePolicy(documentOf(formOfPolicy(half)))).toBe(true);
  });

  it('refuses bands out of order and no eligible grade', () => {
    const out = policyOfForm({ ...formOfPolicy(reference), bandGood: '95', eligibleGrades: [] });
    expect('problems' in out && out.problems.map((p) => p.field)).toEqual(['bandGood', 'eligibleGrades']);
  });

  it('every form it accepts is a policy the server accepts, and round-trips', () => {
    const yuan = fc.bigInt({ min: 0n, max: 10n ** 13n }).map((fen) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`);
    fc.assert(fc.property(yuan, yuan, fc.integer({ min: 0, max: 10000 }), fc.integer({ min: 1, max: 5000 }), fc.subarray([...POLICY_GRADES], { minLength: 1 }),
      (budget, cap, bps, hours, grades) => {
        const form = { ...formOfPolicy(reference), budgetYuan: budget, perInstrumentCapYuan: cap, ratePercent: `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}`, benchmarkSpecialisedHours: String(hours), eligibleGrades: grades };
        const document = documentOf(form);
        expect('policy' in parsePolicy(document)).toBe(true);
        expect(document.rateBps).toBe(bps);
        expect(documentOf(formOfPolicy(document))).toEqual(document);
      }));
  });
});

describe('a what-if’s overrides', () => {
  it('are the fields changed, whatever their key order', () => {
    const changed = { ...documentOf(formOfPolicy(reference)), rateBps: 2500, gradeFactorPct: { poor: 0, pass: 60, good: 100, excellent: 120 } };
    expect(overridesOf(reference, changed)).toEqual({ rateBps: 2500 });
  });

  it('name manualHoursFactorPct when changed, and its default when emptied from a policy that had it', () => {
    expect(overridesOf(reference, { ...documentOf(formOfPolicy(reference)), manualHoursFactorPct: 50 })).toEqual({ manualHoursFactorPct: 50 });
    expect(overridesOf(reference, documentOf(formOfPolicy(reference)))).toEqual({});
    const half = { ...reference, manualHoursFactorPct: 50 };
    expect(overridesOf(half, documentOf({ ...formOfPolicy(half), manualHoursFactorPercent: '' }))).toEqual({ manualHoursFactorPct: 100 });
    expect(overridesOf(half, documentOf(formOfPolicy(half)))).toEqual({});
  });
});

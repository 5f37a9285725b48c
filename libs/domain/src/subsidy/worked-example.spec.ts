import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseDateOrInstant, parseInstant } from '../instants';
import { EvaluationInput, evaluationInstrumentRow, evaluationInstrumentRows, evaluationRow, StoredInstrumentResult, groupUsage, parsePolicy, Policy, reduceUsage, runSubsidy } from './index';

const EXAMPLE = join(__dirname, '../../../../test/fixtures/worked-example');
const read = (file: string): Record<string, string>[] => parse(readFileSync(join(EXAMPLE, file), 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
const rows = (file: string): string[][] => parse(readFileSync(join(EXAMPLE, file), 'utf8'), { bom: true, skip_empty_lines: true }).slice(1);

/** The worked example as the evaluation reads it; billed amounts are those of its expected charges. */
function workedInput(region?: string, policyChanges: Record<string, unknown> = {}): EvaluationInput {
  const parsed = parsePolicy({ ...JSON.parse(readFileSync(join(EXAMPLE, 'bundle/policy.json'), 'utf8')), ...policyChanges });
  if (!('policy' in parsed)) throw new Error(JSON.stringify(parsed.problems));
  const userInstitution = new Map(read('bundle/users.csv').map((u) => [u.code, u.institutionCode]));
  const amounts = new Map(read('expected/charges.csv').map((c) => [c.usageCode, BigInt(c.amountFen)]));
  const cards = read('bundle/rates.csv');
  const institutions = read('bundle/institutions.csv').map((i) => ({ code: i.code, region: i.region || null, groupCode: i.groupCode || null }));
  const input = {
    policy: parsed.policy as Policy, year: 2025, region: region ?? null,
    institutions: read('bundle/institutions.csv').map((i) => ({ code: i.code, region: i.region || null, groupCode: i.groupCode || null })),
    instruments: read('bundle/instruments.csv').map((i) => ({
      code: i.code, institutionCode: i.institutionCode, originalValueFen: BigInt(i.originalValueFen), purchaseDate: i.purchaseDate || null, retiredOn: i.retiredOn || null,
      specialised: i.specialised === 'true', sharingStatus: i.sharingStatus as 'open', onlineBooking: i.onlineBooking === 'true',
      rateCards: cards.filter((c) => c.instrumentCode === i.code).map((c) => ({ validFrom: parseDateOrInstant(c.validFrom) as Date, validTo: c.validTo ? (parseDateOrInstant(c.validTo) as Date) : null })),
    })),
    usage: groupUsage(read('bundle/usage.csv').map((u) => ({
      code: u.code, instrumentCode: u.instrumentCode, userInstitutionCode: userInstitution.get(u.userCode) as string, start: parseInstant(u.start) as Date,
      end: parseInstant(u.end) as Date, status: u.status, serviceCategory: u.serviceCategory, amountFen: amounts.get(u.code) ?? null,
      // An imported bundle's records are imported: non-terminal, counted at manualHoursFactorPct.
      source: 'import',
    })), new Map(read('bundle/feedback.csv').map((f) => [f.usageCode, Number(f.rating)])), 2025),
  };
  return { ...input, usage: reduceUsage(input.usage, institutions, input.instruments, input.policy, 2025) };
}

describe('evaluating the worked example for 2025', () => {
  it('gives evaluation.csv and evaluation-instruments.csv row for row', () => {
    const results = runSubsidy(workedInput());
    expect(results.map(evaluationRow)).toEqual(rows('expected/evaluation.csv'));
    expect(results.flatMap(evaluationInstrumentRows)).toEqual(rows('expected/evaluation-instruments.csv'));
  });

  it('gives the same evaluation-instruments.csv lines from the results as stored (JSON, bigints as strings)', () => {
    const stored = runSubsidy(workedInput()).flatMap((r) => r.instruments)
      .map((i) => JSON.parse(JSON.stringify(i, (_, v) => (typeof v === 'bigint' ? v.toString() : v))) as StoredInstrumentResult);
    expect(stored.map(evaluationInstrumentRow)).toEqual(rows('expected/evaluation-instruments.csv'));
  });

  it('gives the region-CQ run: only A-UNIV and B-HOSP, sharing the whole budget', () => {
    const results = runSubsidy(workedInput('CQ'));
    expect(results.map(evaluationRow)).toEqual(rows('expected-region-CQ/evaluation.csv'));
    expect(results.reduce((s, r) => s + r.subsidyFen, 0n)).toBe(5002000n);
  });

  it('explains the numbers the README walks through', () => {
    const byCode = new Map(runSubsidy(workedInput()).map((r) => [r.institutionCode, r]));
    const a = byCode.get('A-UNIV');
    expect(a?.ratings).toBe(6);
    expect(byCode.get('B-HOSP')?.ratings).toBe(4);
    expect(byCode.get('C-INST')?.ratings).toBe(5);
    expect(a?.instruments.find((i) => i.instrumentCode === 'EQ-A1')).toMatchObject({ incomeBaseFen: 46470000n, rawFen: 11152800n, cappedFen: 5000000n });
    expect(byCode.has('D-CORP')).toBe(false);
  });

  it('keeps only the best excellentQuota institutions excellent, the others good in every respect', () => {
    const input = workedInput();
    input.policy = { ...input.policy, excellentQuota: 1, gradeBands: { excellent: 60, good: 50, pass: 40 } };
    const results = runSubsidy(input);
    expect(results.map((r) => [r.institutionCode, r.grade, r.rank])).toEqual([['A-UNIV', 'excellent', 1], ['B-HOSP', 'good', 2], ['C-INST', 'good', 3]]);
    const c = results.find((r) => r.institutionCode === 'C-INST');
    expect(c?.instruments.map((i) => i.rawFen)).toEqual(c?.instruments.map((i) => (i.incomeBaseFen * 2000n * 100n + 500000n) / 1000000n));
  });

  it('gives the same files with manualHoursFactorPct 100 written out as without it (the default)', () => {
    const results = runSubsidy(workedInput(undefined, { manualHoursFactorPct: 100 }));
    expect(results.map(evaluationRow)).toEqual(rows('expected/evaluation.csv'));
    expect(results.flatMap(evaluationInstrumentRows)).toEqual(rows('expected/evaluation-instruments.csv'));
  });

  it('counts its imported hours at half with manualHoursFactorPct 50, each instrument\'s sum floored to the minute', () => {
    const full = new Map(runSubsidy(workedInput()).flatMap((r) => r.instruments).map((i) => [i.instrumentCode, i]));
    const half = runSubsidy(workedInput(undefined, { manualHoursFactorPct: 50 }));
    for (const i of half.flatMap((r) => r.instruments)) {
      expect([i.instrumentCode, i.effectiveMinutes, i.externalMinutes]).toEqual([i.instrumentCode, full.get(i.instrumentCode)!.effectiveMinutes / 2n, full.get(i.instrumentCode)!.externalMinutes / 2n]);
    }
    const a = half.find((r) => r.institutionCode === 'A-UNIV')!;
    // EQ-A1: 446.33 h (26,780 min) recorded, 194.33 h external → 223.17 h and 97.17 h counted.
    expect(evaluationInstrumentRows(a).find((r) => r[0] === 'EQ-A1')?.slice(2, 4)).toEqual(['223.17', '97.17']);
    expect(a.minutesBySource).toEqual(runSubsidy(workedInput()).find((r) => r.institutionCode === 'A-UNIV')!.minutesBySource);
    expect(a.minutesBySource.map((s) => s.source)).toEqual(['import']);
  });
});

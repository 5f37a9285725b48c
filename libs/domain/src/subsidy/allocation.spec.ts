import fc from 'fast-check';
import { allocate } from './allocation';
import { parsePolicy } from './policy';

describe('budget allocation', () => {
  it('splits the worked example budget by largest remainder', () => {
    const result = allocate([{ code: 'A-UNIV', totalFen: 6368423n }, { code: 'B-HOSP', totalFen: 511670n }, { code: 'C-INST', totalFen: 232800n }], 5002000n);
    expect([...result]).toEqual([['A-UNIV', 4478466n], ['B-HOSP', 359822n], ['C-INST', 163712n]]);
  });

  it('sums exactly to min(budget, Σ totals), never gives more than a total, and is monotone', () => {
    const totals = fc.uniqueArray(fc.record({ code: fc.stringMatching(/^[A-Z]{1,4}$/), totalFen: fc.bigInt({ min: 0n, max: 10n ** 10n }) }), { selector: (t) => t.code, maxLength: 40 });
    fc.assert(fc.property(totals, fc.bigInt({ min: 0n, max: 10n ** 11n }), (list, budget) => {
      const result = allocate(list, budget);
      const sum = list.reduce((s, t) => s + t.totalFen, 0n);
      const given = [...result.values()].reduce((s, v) => s + v, 0n);
      expect(given).toBe(sum < budget ? sum : budget);
      for (const t of list) expect((result.get(t.code) as bigint) <= t.totalFen).toBe(true);
      for (const x of list) for (const y of list) if (x.totalFen > y.totalFen) expect((result.get(x.code) as bigint) >= (result.get(y.code) as bigint)).toBe(true);
    }));
  });
});

describe('policy documents', () => {
  it('names every bad field', () => {
    const parsed = parsePolicy({ code: 'x', rateBps: 20000, targetExternalShare: 0.3, gradeBands: { excellent: 60, good: 75, pass: 90 }, extra: 1 });
    expect('problems' in parsed && parsed.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['extra', 'rateBps', 'targetExternalShare', 'gradeBands', 'budgetFen', 'eligibleGrades']));
  });
});

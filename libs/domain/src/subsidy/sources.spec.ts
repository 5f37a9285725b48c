import fc from 'fast-check';
import { evaluate, EvalInstitution, EvalInstrument, reduceUsage, UsageGroup } from './evaluation';
import { parsePolicy, Policy } from './policy';
import { addSourceMinutes, countedMinutes, mergeSourceMinutes, SourceMinutes } from './sources';

const REFERENCE = {
  code: 'sources-test', eligibleValueFen: 50000000, benchmarkHours: { general: 400, specialised: 200 }, targetExternalShare: '0.30', minRatings: 5,
  targetExternalInstitutions: 3, gradeBands: { excellent: 90, good: 75, pass: 60 }, excellentQuota: null, eligibleGrades: ['excellent', 'good', 'pass'],
  minExternalHours: 40, rateBps: 2000, gradeFactorPct: { excellent: 120, good: 100, pass: 60, poor: 0 }, perInstrumentCapFen: 5000000,
  perInstitutionCapFen: 500000000, excludedCategories: ['medical-service'], budgetFen: 5002000,
};

function policyOf(changes: Record<string, unknown> = {}): Policy {
  const parsed = parsePolicy({ ...REFERENCE, ...changes });
  if (!('policy' in parsed)) throw new Error(JSON.stringify(parsed.problems));
  return parsed.policy;
}

describe('the minutes that count (manualHoursFactorPct)', () => {
  it.each<[string, bigint, bigint, number, bigint]>([
    ['100 %: every minute, as before', 120n, 45n, 100, 165n],
    ['50 %: half the non-terminal minutes', 120n, 60n, 50, 150n],
    ['50 % of an odd count floors to the minute', 0n, 45n, 50, 22n],
    ['0 %: terminal minutes alone', 120n, 600n, 0, 120n],
    ['terminal minutes never discounted', 90n, 0n, 1, 90n],
    ['33 % of 100 minutes', 0n, 100n, 33, 33n],
    ['33 % of 101 minutes floors 33.33 to 33', 0n, 101n, 33, 33n],
    ['99 % of 1 minute is none', 0n, 1n, 99, 0n],
  ])('%s', (_what, terminal, other, pct, expected) => {
    expect(countedMinutes(terminal, other, pct)).toBe(expected);
  });

  it('refuses a factor outside 0–100 or not whole, and negative minutes', () => {
    for (const pct of [-1, 101, 50.5, Number.NaN]) expect(() => countedMinutes(1n, 1n, pct)).toThrow(RangeError);
    expect(() => countedMinutes(-1n, 0n, 50)).toThrow(RangeError);
  });

  it('is the sum at 100, never below the terminal minutes, never above the sum, and rises with the factor', () => {
    const minutes = fc.bigInt({ min: 0n, max: 10n ** 12n });
    fc.assert(fc.property(minutes, minutes, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (t, o, p, q) => {
      expect(countedMinutes(t, o, 100)).toBe(t + o);
      const c = countedMinutes(t, o, p);
      expect(c >= t && c <= t + o).toBe(true);
      // Within a minute of the exact rational t + o × p / 100.
      expect((c - t) * 100n <= o * BigInt(p) && o * BigInt(p) < (c - t + 1n) * 100n).toBe(true);
      if (p <= q) expect(countedMinutes(t, o, p) <= countedMinutes(t, o, q)).toBe(true);
    }));
  });
});

describe('manualHoursFactorPct in a policy document', () => {
  it('is 100 when absent, and taken as written from 0 to 100', () => {
    expect(policyOf().manualHoursFactorPct).toBe(100);
    for (const pct of [0, 1, 50, 100]) expect(policyOf({ manualHoursFactorPct: pct }).manualHoursFactorPct).toBe(pct);
  });

  it.each<[unknown]>([[101], [-1], [50.5], ['50'], [null], [true]])('refuses %p, in Chinese first', (value) => {
    const parsed = parsePolicy({ ...REFERENCE, manualHoursFactorPct: value });
    expect('problems' in parsed && parsed.problems).toEqual([{ field: 'manualHoursFactorPct', reason: expect.objectContaining({ zh: expect.stringContaining('非终端机时计入比例须为 0–100 的整数百分比') }) }]);
    expect('problems' in parsed && parsed.problems[0].reason.en).toContain('0–100');
  });
});

describe('minutes by source', () => {
  it('keeps one entry per source, in the order terminal, check-out, import, manual, unknown', () => {
    const list: SourceMinutes[] = [];
    for (const [s, m] of [['manual', 5n], ['unknown', 1n], ['import', 2n], ['terminal', 3n], ['manual', 10n], ['check-out', 4n]] as const) addSourceMinutes(list, s, m);
    expect(list).toEqual([{ source: 'terminal', minutes: 3n }, { source: 'check-out', minutes: 4n }, { source: 'import', minutes: 2n }, { source: 'manual', minutes: 15n }, { source: 'unknown', minutes: 1n }]);
    expect(mergeSourceMinutes([list, [{ source: 'terminal', minutes: 7n }]])[0]).toEqual({ source: 'terminal', minutes: 10n });
  });
});

// Random institutions, instruments and usage groups of every source, for the evaluation's properties.
const SOURCES = ['terminal', 'check-out', 'import', 'manual', null] as const;
const INSTITUTIONS: EvalInstitution[] = ['I-A', 'I-B', 'I-C'].map((code) => ({ code, region: null, groupCode: null }));
const instrumentsArb = fc.array(fc.record({ owner: fc.constantFrom('I-A', 'I-B', 'I-C'), specialised: fc.boolean(), open: fc.boolean() }), { minLength: 1, maxLength: 5 })
  .map((list) => list.map((x, k): EvalInstrument => ({
    code: `EQ-${k}`, institutionCode: x.owner, originalValueFen: 60000000n, purchaseDate: null, retiredOn: null, specialised: x.specialised,
    sharingStatus: x.open ? 'open' : 'internal', onlineBooking: true, rateCards: [],
  })));
const groupsArb = (instruments: number) => fc.array(fc.record<UsageGroup>({
  instrumentCode: fc.integer({ min: 0, max: instruments - 1 }).map((k) => `EQ-${k}`), userInstitutionCode: fc.constantFrom('I-A', 'I-B', 'I-C'),
  serviceCategory: fc.constantFrom('research', 'testing'), minutes: fc.bigInt({ min: 0n, max: 40000n }), amountFen: fc.bigInt({ min: 0n, max: 10000000n }),
  ratingCount: fc.constant(0), ratingSum: fc.constant(0), source: fc.constantFrom(...SOURCES),
}), { maxLength: 30 });
const scenario = instrumentsArb.chain((instruments) => fc.record({ instruments: fc.constant(instruments), groups: groupsArb(instruments.length) }));

function run(instruments: EvalInstrument[], groups: UsageGroup[], pct?: number) {
  const policy = policyOf(pct === undefined ? {} : { manualHoursFactorPct: pct });
  return evaluate({ policy, year: 2025, institutions: INSTITUTIONS, instruments, usage: reduceUsage(groups, INSTITUTIONS, instruments, policy, 2025) });
}

describe('the evaluation with sources', () => {
  it('at 100 % (and without the field) gives exactly the results of the same usage with no source known: the figures from before sources counted', () => {
    fc.assert(fc.property(scenario, ({ instruments, groups }) => {
      const unknown = groups.map((g) => ({ ...g, source: null }));
      const strip = (rs: ReturnType<typeof run>) => rs.map(({ minutesBySource, ...rest }) => (void minutesBySource, rest));
      expect(strip(run(instruments, groups))).toEqual(strip(run(instruments, unknown)));
      expect(run(instruments, groups, 100)).toEqual(run(instruments, groups));
    }));
  });

  it('lowers only the non-terminal contributions: terminal usage alone gives the same results at any factor', () => {
    fc.assert(fc.property(scenario, fc.integer({ min: 0, max: 100 }), ({ instruments, groups }, pct) => {
      const terminal = groups.filter((g) => g.source === 'terminal');
      expect(run(instruments, terminal, pct)).toEqual(run(instruments, terminal, 100));
      // Each instrument keeps at least its terminal minutes and at most all of them.
      const full = new Map(run(instruments, groups).flatMap((r) => r.instruments).map((i) => [i.instrumentCode, i]));
      const floor = new Map(run(instruments, terminal).flatMap((r) => r.instruments).map((i) => [i.instrumentCode, i]));
      for (const i of run(instruments, groups, pct).flatMap((r) => r.instruments)) {
        expect(i.effectiveMinutes >= floor.get(i.instrumentCode)!.effectiveMinutes && i.effectiveMinutes <= full.get(i.instrumentCode)!.effectiveMinutes).toBe(true);
        expect(i.externalMinutes >= floor.get(i.instrumentCode)!.externalMinutes && i.externalMinutes <= i.effectiveMinutes).toBe(true);
      }
    }));
  });

  it('is monotonic in the factor: a higher factor never gives fewer counted minutes, nor lower utilisation or active-share points', () => {
    fc.assert(fc.property(scenario, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), ({ instruments, groups }, a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const low = run(instruments, groups, lo);
      const high = new Map(run(instruments, groups, hi).map((r) => [r.institutionCode, r]));
      for (const r of low) {
        const h = high.get(r.institutionCode)!;
        expect(r.effectiveMinutes <= h.effectiveMinutes && r.externalMinutes <= h.externalMinutes).toBe(true);
        expect(r.indicators.utilisation <= h.indicators.utilisation && r.indicators.activeShare <= h.indicators.activeShare).toBe(true);
        expect(r.minutesBySource).toEqual(h.minutesBySource);
      }
    }));
  });

  it('shows the recorded minutes by source whatever the factor (table)', () => {
    const instruments: EvalInstrument[] = [{ code: 'EQ-0', institutionCode: 'I-A', originalValueFen: 60000000n, purchaseDate: null, retiredOn: null, specialised: false, sharingStatus: 'open', onlineBooking: true, rateCards: [] }];
    const g = (source: string | null, minutes: bigint, user = 'I-B'): UsageGroup => ({ instrumentCode: 'EQ-0', userInstitutionCode: user, serviceCategory: 'research', minutes, amountFen: 0n, ratingCount: 0, ratingSum: 0, source });
    const groups = [g('terminal', 600n), g('manual', 300n), g('manual', 45n, 'I-A'), g('import', 120n), g(null, 15n)];
    const [full] = run(instruments, groups);
    const [half] = run(instruments, groups, 50);
    expect(full.minutesBySource).toEqual([{ source: 'terminal', minutes: 600n }, { source: 'import', minutes: 120n }, { source: 'manual', minutes: 345n }, { source: 'unknown', minutes: 15n }]);
    expect(half.minutesBySource).toEqual(full.minutesBySource);
    expect([full.effectiveMinutes, full.externalMinutes]).toEqual([1080n, 1035n]);
    // 600 + floor(480 × 50 %) = 840; external: 600 + floor(435 × 50 %) = 817.
    expect([half.effectiveMinutes, half.externalMinutes]).toEqual([840n, 817n]);
  });
});

import fc from 'fast-check';
import { MAX_SETTLEMENT_MONTHS, nextPeriod, periodInterval, periodOf, periodsBetween, periodsOfYear, periodStart, settlementRangeProblem } from './periods';

describe('the period of a record', () => {
  it.each([
    ['2025-06-30T16:30:00+00:00', '2025-07'], // UR-100: 1 July 00:30 Shanghai
    ['2025-12-31T22:00:00+00:00', '2026-01'], // UR-491: 2026-01-01 06:00 Shanghai
    ['2024-12-20T09:00:00+08:00', '2024-12'], // UR-671
    ['2025-06-30T15:59:00+00:00', '2025-06'], // the last minute of June in Shanghai
    ['2025-06-30T16:00:00+00:00', '2025-07'], // the first minute of July in Shanghai
  ])('%s belongs to %s', (start, period) => {
    expect(periodOf(new Date(start))).toBe(period);
  });
});

describe('month arithmetic', () => {
  it.each([
    ['2025-01', '2025-02'],
    ['2025-09', '2025-10'],
    ['2025-12', '2026-01'],
  ])('the month after %s is %s', (period, next) => {
    expect(nextPeriod(period)).toBe(next);
  });

  it('starts a month at midnight in Shanghai', () => {
    expect(periodStart('2025-07').toISOString()).toBe('2025-06-30T16:00:00.000Z');
    expect(periodInterval('2025-12')).toEqual({ from: new Date('2025-11-30T16:00:00Z'), to: new Date('2025-12-31T16:00:00Z') });
  });

  it('names the twelve months of a year', () => {
    expect(periodsOfYear(2026)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
  });

  it('puts every instant in the one period whose interval holds it', () => {
    const instant = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T00:00:00Z') });
    fc.assert(fc.property(instant, (t) => {
      const { from, to } = periodInterval(periodOf(new Date(t)));
      expect(from.getTime()).toBeLessThanOrEqual(t);
      expect(t).toBeLessThan(to.getTime());
      expect(periodOf(to)).toBe(nextPeriod(periodOf(new Date(t))));
    }));
  });
});

describe('a range of months to settle', () => {
  it.each([
    ['2025-01', '2025-12', 12],
    ['2025-11', '2026-02', 4],
    ['2025-06', '2025-06', 1],
    ['2025-06', '2025-05', 0],
  ])('%s to %s is %s months', (from, to, n) => {
    const months = periodsBetween(from, to);
    expect(months).toHaveLength(n);
    if (n) expect([months[0], months[n - 1]]).toEqual([from, to]);
  });

  it.each([
    ['2025-01', '2025-12', null],
    ['2025-01', '2026-12', null],
    ['2025-06', '2025-06', null],
  ])('%s to %s may be settled', (from, to, problem) => {
    expect(settlementRangeProblem(from, to)).toBe(problem);
  });

  it.each([
    ['2025-06', '2025-05', '早于', MAX_SETTLEMENT_MONTHS],
    ['2025-01', '2027-01', '最多结算 24 个月', MAX_SETTLEMENT_MONTHS],
    ['2025-01', '2025-03', '最多结算 2 个月', 2],
  ])('%s to %s is refused (%s)', (from, to, words, max) => {
    const problem = settlementRangeProblem(from, to, max);
    expect(problem?.field).toBe('to');
    expect(problem?.reason.zh).toContain(words);
  });

  it('lists the months in order, each the one after the last, and agrees with the limit', () => {
    const period = fc.tuple(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
    fc.assert(fc.property(period, period, (from, to) => {
      const months = periodsBetween(from, to);
      months.forEach((p, i) => i > 0 && expect(p).toBe(nextPeriod(months[i - 1])));
      expect(settlementRangeProblem(from, to) === null).toBe(months.length >= 1 && months.length <= MAX_SETTLEMENT_MONTHS);
    }));
  });
});

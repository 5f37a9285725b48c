import fc from 'fast-check';
import { nextPeriod, periodInterval, periodOf, periodsOfYear, periodStart } from './periods';

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

import fc from 'fast-check';
import { inServiceDuring, quarterBounds } from './quarter';

describe('a reporting quarter', () => {
  it.each<[string, string, string, string, string]>([
    ['2026-Q1', '2026-01-01', '2026-04-01', '2025-12-31T16:00:00.000Z', '2026-03-31T16:00:00.000Z'],
    ['2026-Q3', '2026-07-01', '2026-10-01', '2026-06-30T16:00:00.000Z', '2026-09-30T16:00:00.000Z'],
    ['2026-Q4', '2026-10-01', '2027-01-01', '2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
  ])('%s is [%s, %s) in Beijing days', (q, firstDay, nextFirstDay, from, to) => {
    const b = quarterBounds(q);
    expect(b && { firstDay: b.firstDay, nextFirstDay: b.nextFirstDay, from: b.from.toISOString(), to: b.to.toISOString() }).toEqual({ firstDay, nextFirstDay, from, to });
  });

  it.each(['2026-Q0', '2026-Q5', '2026Q3', '2026-q3', '1999-Q1', '2101-Q1', '', '2026-03'])('%j is not a quarter', (q) => {
    expect(quarterBounds(q)).toBeNull();
  });

  it.each<[string | null, string | null, boolean]>([
    ['2026-09-30', null, true], ['2026-10-01', null, false], [null, null, true], ['2020-01-01', '2026-07-01', true], ['2020-01-01', '2026-06-30', false],
  ])('bought %s, retired %s: in service in 2026-Q3 is %s', (bought, retired, expected) => {
    expect(inServiceDuring(bought, retired, quarterBounds('2026-Q3')!)).toBe(expected);
  });

  it('the quarters of a year tile it: each begins where the one before ends, and every instant is in exactly one', () => {
    fc.assert(fc.property(fc.integer({ min: 2000, max: 2099 }), fc.integer({ min: 0, max: 366 * 24 * 60 - 1 }), (year, minute) => {
      const quarters = [1, 2, 3, 4].map((q) => quarterBounds(`${year}-Q${q}`)!);
      for (let i = 1; i < 4; i++) expect(quarters[i].from.getTime()).toBe(quarters[i - 1].to.getTime());
      expect(quarters[3].to.getTime()).toBe(quarterBounds(`${year + 1}-Q1`)!.from.getTime());
      const at = quarters[0].from.getTime() + minute * 60_000;
      const holding = quarters.filter((b) => b.from.getTime() <= at && at < b.to.getTime()).length;
      expect(holding).toBe(at < quarters[3].to.getTime() ? 1 : 0);
    }));
  });
});

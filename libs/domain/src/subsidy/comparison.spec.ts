import { compareRuns } from './comparison';

describe('comparing a run with its base', () => {
  it('counts gainers and losers; an institution missing from a run has 0 fen there', () => {
    const { items, gainers, losers } = compareRuns([
      { code: 'A', runFen: '500', baseFen: '300', runGrade: 'good', baseGrade: 'pass' },
      { code: 'B', runFen: '100', baseFen: '100', runGrade: 'pass', baseGrade: 'pass' },
      { code: 'C', runFen: null, baseFen: '250', runGrade: null, baseGrade: 'pass' },
      { code: 'D', runFen: '40', baseFen: null, runGrade: 'pass', baseGrade: null },
    ]);
    expect(items.map((i) => [i.institutionCode, i.baseFen, i.runFen, i.deltaFen])).toEqual([['A', 300, 500, 200], ['B', 100, 100, 0], ['C', 250, 0, -250], ['D', 0, 40, 40]]);
    expect(items[0]).toMatchObject({ baseGrade: 'pass', runGrade: 'good' });
    expect({ gainers, losers }).toEqual({ gainers: 2, losers: 1 });
  });
});

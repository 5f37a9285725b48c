import { overlappingCards } from './rates.service';

const day = (d: string) => Date.parse(`${d}T00:00:00+08:00`);

describe('overlappingCards', () => {
  it('accepts cards that only touch (validTo is exclusive)', () => {
    expect(overlappingCards([
      { code: 'A', serviceMode: 'self', from: day('2025-01-01'), to: day('2025-07-01') },
      { code: 'B', serviceMode: 'self', from: day('2025-07-01'), to: Infinity },
    ])).toEqual([]);
  });

  it('finds an overlap within one mode, open-ended cards included', () => {
    expect(overlappingCards([
      { code: 'A', serviceMode: 'self', from: day('2025-01-01'), to: Infinity },
      { code: 'B', serviceMode: 'self', from: day('2026-01-01'), to: day('2026-02-01') },
    ])).toEqual([['A', 'B']]);
  });

  it('lets different modes overlap freely', () => {
    expect(overlappingCards([
      { code: 'A', serviceMode: 'self', from: day('2025-01-01'), to: Infinity },
      { code: 'B', serviceMode: 'assisted', from: day('2025-01-01'), to: Infinity },
    ])).toEqual([]);
  });

  it('reports every overlapping pair, not just neighbours', () => {
    expect(overlappingCards([
      { code: 'A', serviceMode: 'sample', from: 0, to: 100 },
      { code: 'B', serviceMode: 'sample', from: 10, to: 20 },
      { code: 'C', serviceMode: 'sample', from: 30, to: 40 },
    ])).toEqual([['A', 'B'], ['A', 'C']]);
  });
});

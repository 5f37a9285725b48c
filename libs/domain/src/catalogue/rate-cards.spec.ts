import fc from 'fast-check';
import { overlappingCards, RateCardWindow } from './rate-cards';

const codes = (cards: RateCardWindow[]) => overlappingCards(cards).map(([x, y]) => [x.code, y.code]);

const day = (d: string) => Date.parse(`${d}T00:00:00+08:00`);

describe('overlappingCards', () => {
  it('accepts cards that only touch (validTo is exclusive)', () => {
    expect(codes([
      { code: 'A', serviceMode: 'self', from: day('2025-01-01'), to: day('2025-07-01') },
      { code: 'B', serviceMode: 'self', from: day('2025-07-01'), to: Infinity },
    ])).toEqual([]);
  });

  it('finds an overlap within one mode, open-ended cards included', () => {
    expect(codes([
      { code: 'A', serviceMode: 'self', from: day('2025-01-01'), to: Infinity },
      { code: 'B', serviceMode: 'self', from: day('2026-01-01'), to: day('2026-02-01') },
    ])).toEqual([['A', 'B']]);
  });

  it('lets different modes overlap freely', () => {
    expect(codes([
      { code: 'A', serviceMode: 'self', from: day('2025-01-01'), to: Infinity },
      { code: 'B', serviceMode: 'assisted', from: day('2025-01-01'), to: Infinity },
    ])).toEqual([]);
  });

  it('reports every overlapping pair, not just neighbours', () => {
    expect(codes([
      { code: 'A', serviceMode: 'sample', from: 0, to: 100 },
      { code: 'B', serviceMode: 'sample', from: 10, to: 20 },
      { code: 'C', serviceMode: 'sample', from: 30, to: 40 },
    ])).toEqual([['A', 'B'], ['A', 'C']]);
  });

  it('hands back the cards as given, extra fields included', () => {
    const a = { code: 'A', serviceMode: 'self', from: 0, to: 10, line: 2 };
    const b = { code: 'B', serviceMode: 'self', from: 5, to: 20, line: 3 };
    expect(overlappingCards([b, a])).toEqual([[a, b]]);
  });

  it('finds exactly the pairs of one mode whose half-open intervals intersect', () => {
    const card = fc.record({
      serviceMode: fc.constantFrom('self', 'assisted', 'sample'),
      from: fc.integer({ min: 0, max: 100 }),
      length: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constant(Infinity)),
    });
    fc.assert(fc.property(fc.array(card, { maxLength: 8 }), (given) => {
      const cards = given.map((c, i) => ({ code: `C${i}`, serviceMode: c.serviceMode, from: c.from, to: c.from + c.length }));
      const key = ([x, y]: string[]) => [x, y].sort().join('|');
      const expected = new Set<string>();
      for (const x of cards) for (const y of cards) {
        if (x.code < y.code && x.serviceMode === y.serviceMode && x.from < y.to && y.from < x.to) expected.add(key([x.code, y.code]));
      }
      const found = codes(cards).map(key);
      expect(new Set(found)).toEqual(expected);
      expect(found).toHaveLength(expected.size);
    }));
  });
});

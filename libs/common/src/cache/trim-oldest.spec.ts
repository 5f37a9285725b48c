import fc from 'fast-check';
import { trimOldest } from './trim-oldest';

describe('trimOldest', () => {
  it('leaves a map within its bound alone, and past it keeps the newest three quarters in order', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 400 }), (max, n) => {
      const map = new Map<number, string>();
      for (let i = 0; i < n; i++) map.set(i, `v${i}`);
      trimOldest(map, max);
      const kept = [...map.keys()];
      if (n <= max) expect(kept).toHaveLength(n);
      else {
        expect(kept).toHaveLength(Math.floor((max * 3) / 4));
        expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => n - kept.length + i));
      }
    }));
  });
});

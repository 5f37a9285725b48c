import fc from 'fast-check';
import { byCodePoint } from './code-point-order';

/** The oracle: PostgreSQL's "C" order, UTF-8 bytes, i.e. the strings' code points compared one by one. */
function byCodePointArrays(a: string, b: string): number {
  const x = [...a].map((ch) => ch.codePointAt(0) as number);
  const y = [...b].map((ch) => ch.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

describe('byCodePoint', () => {
  it('orders codes as PostgreSQL\'s "C" collation does, characters beyond U+FFFF included', () => {
    expect(['b', 'B', '_', '-', '.', 'a1', 'a-', '0'].sort(byCodePoint)).toEqual(['-', '.', '0', 'B', '_', 'a-', 'a1', 'b']);
    expect(byCodePoint('😀', '\ue000')).toBe(1);
    expect(byCodePoint('\uffff', '😀')).toBe(-1);
    expect(byCodePoint('\uFF21', '\u{1F600}')).toBe(-1);
    expect(byCodePoint('UR-6', 'UR-667')).toBe(-1);
    expect(byCodePoint('UR-667', 'UR-667')).toBe(0);
  });

  it('agrees with comparing code points one by one', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
      expect(byCodePoint(a, b)).toBe(Math.sign(byCodePointArrays(a, b)));
    }));
  });
});

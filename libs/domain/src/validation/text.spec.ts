import fc from 'fast-check';
import { findBadInput, MAX_INPUT_DEPTH, textProblem } from './text';

describe('text no field may hold', () => {
  it('names NUL characters and lone surrogates, and lets paired surrogates (emoji) through', () => {
    expect(textProblem('a\u0000b')).toContain('NUL');
    expect(textProblem('\uD800')).toContain('lone surrogate');
    expect(textProblem('x\uDC00')).toContain('lone surrogate');
    expect(textProblem('\uDBFF\uDFFF')).toBeNull();
    expect(textProblem('仪器 🔬 ok')).toBeNull();
  });

  it('names the field a bad string sits in, as validation errors name fields', () => {
    expect(findBadInput({ name: 'ok', cards: [{ code: 'x' }, { code: 'a\u0000' }] }).map((f) => f.field)).toEqual(['cards[1].code']);
    expect(findBadInput('a\u0000', 'id').map((f) => f.field)).toEqual(['id']);
    expect(findBadInput([{ code: 'ok' }, { code: '\u0000' }]).map((f) => f.field)).toEqual(['body[1].code']);
    expect(findBadInput({ ['k\u0000']: 1 })[0].reason.en).toContain('field name');
  });

  it('refuses nesting deeper than the limit without recursing (5,000 levels)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    const found = findBadInput(deep);
    expect(found).toHaveLength(1);
    expect(found[0].reason.en).toContain(`deeper than ${MAX_INPUT_DEPTH}`);
    let fine: unknown = 'x';
    for (let i = 0; i < MAX_INPUT_DEPTH; i++) fine = [fine];
    expect(findBadInput(fine)).toEqual([]);
  });

  it('finds a bad string exactly when the value holds one (well-formed check as reference)', () => {
    const wellFormed = (s: string) => !s.includes('\u0000') && Buffer.from(s, 'utf8').toString('utf8') === s;
    fc.assert(fc.property(fc.json().map((j) => JSON.parse(j) as unknown), fc.option(fc.constantFrom('\u0000', '\uD800', '\uDFFF', 'a\uD83D'), { nil: undefined }), (value, poison) => {
      const holder = poison === undefined ? { value } : { value, extra: [`p${poison}`] };
      const strings: string[] = [];
      JSON.stringify(holder, (k, v: unknown) => { strings.push(k); if (typeof v === 'string') strings.push(v); return v; });
      expect(findBadInput(holder).length > 0).toBe(!strings.every(wellFormed));
    }), { numRuns: 500 });
  });
});

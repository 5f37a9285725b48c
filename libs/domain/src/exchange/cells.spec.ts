import fc from 'fast-check';
import { booleanCell, codeCell, dateCell, dateOrInstantCell, instantCell, integerCell, oneOfCell, textCell } from './cells';
import { headerProblems, recordWidthProblem } from './header';

describe('exchange cells: dates, instants and money with the API’s rules', () => {
  it.each([
    ['date', '2027-02-30'], ['date', '1899-12-31'], ['date', '2201-01-01'],
    ['instant', '2026-01-01T00:00:00+99:99'], ['instant', '2027-02-30T09:00:00+08:00'], ['instant', '1800-01-01T00:00:00Z'],
    ['dateOrInstant', '2026-01-01T00:00:00+14:30'], ['dateOrInstant', '2025-13-45'],
  ] as const)('a %s cell %s is a bad cell with a reason, not a rolled-over or invalid date', (kind, text) => {
    const cell = { date: dateCell, instant: instantCell, dateOrInstant: dateOrInstantCell }[kind](text);
    expect(cell.value).toBeUndefined();
    expect(cell.reason).toEqual({ zh: expect.stringMatching(/[\u4e00-\u9fff]/), en: expect.any(String) });
  });

  it('a text cell with a NUL character is bad (PostgreSQL cannot store it)', () => {
    expect(textCell('电镜\u0000A').reason?.en).toContain('NUL');
    expect(textCell('场发射扫描电镜').value).toBe('场发射扫描电镜');
    expect(textCell('abcd', 3).reason?.en).toBe('longer than 3 characters');
  });

  it('reads good cells as before', () => {
    expect(dateCell('2024-02-29').value).toBe('2024-02-29');
    expect(instantCell('2026-01-01T00:00:00+14:00').value?.toISOString()).toBe('2025-12-31T10:00:00.000Z');
    expect(dateOrInstantCell('2026-01-01').value?.toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('bounds every money column (…Fen) at 10^10 fen, so totals stay exact; other integers keep their own bounds', () => {
    expect(integerCell('10000000000', 'externalPriceFen', { min: 0 })).toEqual({ value: 10000000000 });
    expect(integerCell('10000000001', 'externalPriceFen', { min: 0 })).toEqual({ reason: { zh: '10000000001 分（100,000,000.01 元） 大于 10000000000 分（100,000,000.00 元）', en: '10000000001 is more than 10000000000' } });
    expect(integerCell('10000000001', 'externalPriceFen', { max: 2e10 }).reason?.en).toBe('10000000001 is more than 10000000000');
    expect(integerCell('10000000001', 'samples', { min: 1 })).toEqual({ value: 10000000001 });
    expect(integerCell('0', 'samples', { min: 1 }).reason?.en).toBe('0 is less than 1');
    expect(integerCell('1.5', 'samples').reason?.en).toBe('"1.5" is not a whole number');
    expect(integerCell('99999999999999999999', 'samples').reason?.en).toBe('99999999999999999999 is too large');
  });

  it('codes, enums and booleans: the reason names the cell text', () => {
    expect(codeCell('EQ-A1')).toEqual({ value: 'EQ-A1' });
    expect(codeCell('.hidden').reason?.en).toBe('".hidden" is not a code (1–64 letters, digits, ".", "_" or "-")');
    expect(codeCell('x'.repeat(65)).reason?.en).toContain('is not a code');
    expect(oneOfCell('open', ['open', 'internal'] as const)).toEqual({ value: 'open' });
    expect(oneOfCell('closed', ['open', 'internal'] as const).reason?.en).toBe('"closed" is not one of open, internal');
    expect([booleanCell(undefined), booleanCell(''), booleanCell('false'), booleanCell('true')].map((c) => c.value)).toEqual([false, false, false, true]);
    expect(booleanCell('yes').reason?.en).toBe('"yes" is not true or false');
  });

  it.each([['TRUE', true], ['FALSE', false], ['True', true], ['fAlSe', false], ['true', true], ['', false], ['yes', null], ['1', null], [' TRUE', null], ['TRUE ', null]] as const)(
    'reads the boolean cell %j (Excel writes TRUE / FALSE)', (text, value) => {
      expect(booleanCell(text)).toEqual(value === null ? { reason: { zh: `${JSON.stringify(text)} 不是 true 或 false`, en: `${JSON.stringify(text)} is not true or false` } } : { value });
    });

  it('reads true and false in any mix of cases, and nothing else as a boolean (property)', () => {
    const casing = (word: string) => fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length })
      .map((upper) => [...word].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(''));
    fc.assert(fc.property(fc.oneof(casing('true'), casing('false')), (text) => {
      expect(booleanCell(text)).toEqual({ value: text.toLowerCase() === 'true' });
    }));
    fc.assert(fc.property(fc.string(), (text) => {
      const word = text.toLowerCase();
      fc.pre(word !== 'true' && word !== 'false' && text !== '');
      expect(booleanCell(text).reason).toBeDefined();
    }));
  });

  it('every whole number in range is read back as itself; every cell is either a value or a reason (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (n) => {
      expect(integerCell(String(n), 'amountFen', { min: 0 })).toEqual({ value: n });
    }));
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (text) => {
      for (const cell of [textCell(text), codeCell(text), integerCell(text, 'amountFen'), booleanCell(text), dateCell(text), instantCell(text), dateOrInstantCell(text)]) {
        expect((cell.value === undefined) !== (cell.reason === undefined)).toBe(true);
      }
    }));
  });
});

describe('exchange header rows', () => {
  const columns = { known: ['code', 'name', 'region'], required: ['code', 'name'] };

  it('names every unknown, repeated and missing column, in that order', () => {
    expect(headerProblems(['code', 'colour', 'code'], columns)).toEqual([
      { column: 'colour', reason: { zh: '未知列 "colour"；可用的列：code、name、region', en: 'unknown column "colour"; expected some of code, name, region' } },
      { column: 'code', reason: { zh: '该列出现了两次', en: 'column appears twice' } },
      { column: 'name', reason: { zh: '缺少必需的列', en: 'required column is missing' } },
    ]);
    expect(headerProblems(['region', 'name', 'code'], columns)).toEqual([]);
  });

  it('a record as wide as the header is fine; another width is named', () => {
    expect(recordWidthProblem(3, 3)).toBeNull();
    expect(recordWidthProblem(2, 3)).toEqual({ zh: '该行有 2 个单元格，表头有 3 个', en: 'has 2 cells, the header has 3' });
  });
});

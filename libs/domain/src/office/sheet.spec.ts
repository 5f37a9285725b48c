import fc from 'fast-check';
import { CHARGES_SHEET, CROSS_REGION_SHEET, EVALUATION_INSTRUMENTS_SHEET, EVALUATION_SHEET, STATEMENTS_SHEET, UNBILLED_SHEET, VOUCHER_LEDGER_SHEET, VOUCHER_REJECTIONS_SHEET } from './export-sheets';
import { GRADE_LABELS, labelOf, UNBILLED_REASON_LABELS, yesNo } from './labels';
import { excelCsv, excelFlag } from './excel-csv';
import { columnWidth, scaledOf, SheetColumn, sheetCell, SheetColumnKind, totalsRow } from './sheet';

const col = (kind: SheetColumnKind, total?: boolean): SheetColumn => ({ header: 'x', kind, total });

describe('sheetCell', () => {
  it.each<[SheetColumnKind, Parameters<typeof sheetCell>[1], ReturnType<typeof sheetCell>]>([
    ['text', '0012', { type: 'text', value: '0012' }],
    ['text', 12, { type: 'text', value: '12' }],
    ['integer', '7', { type: 'number', value: 7, format: '0' }],
    ['yuan', 7920000n, { type: 'number', value: 79200, format: '#,##0.00' }],
    ['yuan', '458338', { type: 'number', value: 4583.38, format: '#,##0.00' }],
    ['yuan', -5, { type: 'number', value: -0.05, format: '#,##0.00' }],
    ['hours', '90', { type: 'number', value: 1.5, format: '0.00' }],
    // 1 minute is 0.0166… hours: half-up to 0.02, as evaluation.csv shows it.
    ['hours', 1n, { type: 'number', value: 0.02, format: '0.00' }],
    ['decimal', '24.00', { type: 'number', value: 24, format: '0.00' }],
    ['decimal', '1.5', { type: 'number', value: 1.5, format: '0.00' }],
    ['points', '8551', { type: 'number', value: 85.51, format: '0.00' }],
    ['percent', 2500, { type: 'number', value: 0.25, format: '0.00%' }],
    ['date', '2026-03-04', { type: 'date', value: new Date('2026-03-04T00:00:00Z'), format: 'yyyy-mm-dd' }],
    // 17:30 UTC is 01:30 the next day in Beijing.
    ['date', new Date('2026-03-04T17:30:00Z'), { type: 'date', value: new Date('2026-03-05T00:00:00Z'), format: 'yyyy-mm-dd' }],
    ['datetime', '2026-03-04T01:00:00Z', { type: 'date', value: new Date('2026-03-04T09:00:00Z'), format: 'yyyy-mm-dd hh:mm' }],
    ['yuan', null, { type: 'empty' }],
    ['text', '', { type: 'empty' }],
  ])('%s %p', (kind, input, cell) => {
    expect(sheetCell(col(kind), input)).toEqual(cell);
  });

  it('refuses what is not a number of its kind', () => {
    expect(() => sheetCell(col('yuan'), '12.5')).toThrow(RangeError);
    expect(() => sheetCell(col('decimal'), '1.234')).toThrow(RangeError);
    expect(() => sheetCell(col('datetime'), 'soon')).toThrow(RangeError);
  });

  it('writes yuan as the double nearest the exact fen / 100', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n }), (fen) => {
      const cell = sheetCell(col('yuan'), fen);
      const negative = fen < 0n;
      const abs = negative ? -fen : fen;
      const text = `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
      expect(cell).toEqual({ type: 'number', value: Number(text), format: '#,##0.00' });
    }));
  });
});

describe('totalsRow', () => {
  const columns: SheetColumn[] = [col('text'), col('yuan'), col('hours'), col('integer'), col('integer', true), col('decimal')];

  it('labels the first column 合计 and sums money and hours (and the columns asked for)', () => {
    const rows = [['A', '10', '1', '3', 4, '1.50'], ['B', 20n, 2n, '5', 6n, '2.00'], ['C', null, null, null, null, null]];
    expect(totalsRow(columns, rows)).toEqual([
      { type: 'text', value: '合计' },
      { type: 'number', value: 0.3, format: '#,##0.00' },
      // 1 min → 0.02 h, 2 min → 0.03 h: the total is what the rows show, 0.05, not 3 min → 0.05 by chance.
      { type: 'number', value: 0.05, format: '0.00' },
      { type: 'empty' },
      { type: 'number', value: 10, format: '0' },
      { type: 'empty' },
    ]);
  });

  it('sums fen exactly: the total is the exact sum of the rows in fen, converted once', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { maxLength: 50 }), (fens) => {
      const [, total] = totalsRow([col('text'), col('yuan')], fens.map((f) => ['x', f]));
      const sum = fens.reduce((s, f) => s + f, 0n);
      expect(total).toEqual(sheetCell(col('yuan'), sum));
    }));
  });

  it('sums hours as the rows show them', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100000 }), { maxLength: 30 }), (minutes) => {
      const [, total] = totalsRow([col('text'), col('hours')], minutes.map((m) => ['x', m]));
      const shown = minutes.reduce((s, m) => s + (scaledOf('hours', m) as bigint), 0n);
      expect(total).toEqual({ type: 'number', value: Number(shown) / 100, format: '0.00' });
    }));
  });
});

describe('export sheets', () => {
  const sheets = [CHARGES_SHEET, UNBILLED_SHEET, VOUCHER_REJECTIONS_SHEET, STATEMENTS_SHEET, VOUCHER_LEDGER_SHEET, CROSS_REGION_SHEET, EVALUATION_SHEET, EVALUATION_INSTRUMENTS_SHEET];

  it.each(sheets.map((s) => [s.name, s] as const))('%s: Chinese headers, a name the format allows, money in 元', (_name, sheet) => {
    expect(sheet.name.length).toBeLessThanOrEqual(31);
    for (const c of sheet.columns) {
      expect(c.header).toMatch(/[\u4e00-\u9fff]/);
      if (c.kind === 'yuan') expect(c.header).toContain('（元）');
      if (c.kind === 'hours') expect(c.header).toContain('小时');
      expect(columnWidth(c)).toBeGreaterThanOrEqual(8);
    }
    expect(new Set(sheet.columns.map((c) => c.header)).size).toBe(sheet.columns.length);
  });
});

describe('labels', () => {
  it('names grades and reasons in Chinese, and leaves an unknown code as it is', () => {
    expect(labelOf(GRADE_LABELS, 'excellent')).toBe('优秀');
    expect(labelOf(UNBILLED_REASON_LABELS, 'no-rate-card')).toBe('开始时无有效收费标准');
    expect(labelOf(GRADE_LABELS, 'stellar')).toBe('stellar');
    expect(labelOf(GRADE_LABELS, 'constructor')).toBe('constructor');
    expect(labelOf(GRADE_LABELS, null)).toBe('');
    expect([yesNo(true), yesNo('true'), yesNo(false), yesNo('false')]).toEqual(['是', '是', '否', '否']);
  });
});

describe('excelCsv', () => {
  it.each([
    ['a,b\n1,2\n', '\ufeffa,b\r\n1,2\r\n'],
    ['a,b\r\n1,2\r\n', '\ufeffa,b\r\n1,2\r\n'],
    ['\ufeffa\n', '\ufeffa\r\n'],
    ['"x\ny",2\n', '\ufeff"x\r\ny",2\r\n'],
    ['', '\ufeff'],
  ])('%p → %p', (csv, excel) => {
    expect(excelCsv(csv)).toBe(excel);
  });

  it('adds one mark, keeps every other character, and never leaves a bare LF', () => {
    fc.assert(fc.property(fc.string(), (csv) => {
      const out = excelCsv(csv);
      expect(out.startsWith('\ufeff')).toBe(true);
      expect(out.slice(1).startsWith('\ufeff')).toBe(csv.startsWith('\ufeff\ufeff'));
      expect(/(^|[^\r])\n/.test(out)).toBe(false);
      expect(out.slice(1).replace(/\r\n/g, '\n')).toBe(csv.replace(/^\ufeff/, '').replace(/\r\n/g, '\n'));
    }));
  });

  it('reads the flag', () => {
    expect([excelFlag('1'), excelFlag('true'), excelFlag('0'), excelFlag('false'), excelFlag(undefined)]).toEqual([true, true, false, false, false]);
  });
});

import type { CellError } from './bundle';
import { CellReader } from './cells';

/** One row's cells read as the imports read them; the errors they record. */
function read(cells: Record<string, string>, use: (c: CellReader) => unknown): { value: unknown; errors: CellError[] } {
  const errors: CellError[] = [];
  const value = use(new CellReader('x.csv', { line: 2, cells }, errors));
  return { value, errors };
}

describe('import cells: dates, instants and money with the API’s rules', () => {
  it.each([
    ['date', '2027-02-30'], ['date', '1899-12-31'], ['date', '2201-01-01'],
    ['instant', '2026-01-01T00:00:00+99:99'], ['instant', '2027-02-30T09:00:00+08:00'], ['instant', '1800-01-01T00:00:00Z'],
    ['dateOrInstant', '2026-01-01T00:00:00+14:30'], ['dateOrInstant', '2025-13-45'],
  ] as const)('a %s cell %s is a bad cell naming its column, not a rolled-over or invalid date', (kind, text) => {
    const { value, errors } = read({ validFrom: text }, (c) => c[kind]('validFrom'));
    expect(value).toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ file: 'x.csv', line: 2, column: 'validFrom' })]);
  });

  it('a text cell with a NUL character is a bad cell naming its column (PostgreSQL cannot store it), in codes too', () => {
    for (const use of [(c: CellReader) => c.text('name'), (c: CellReader) => c.code('name')]) {
      const { value, errors } = read({ name: '电镜\u0000A' }, use);
      expect(value).toBeUndefined();
      expect(errors).toEqual([expect.objectContaining({ column: 'name', reason: expect.stringContaining('NUL') })]);
    }
    expect(read({ name: '场发射扫描电镜' }, (c) => c.text('name')).value).toBe('场发射扫描电镜');
  });

  it('reads good cells as before', () => {
    expect(read({ d: '2024-02-29' }, (c) => c.date('d')).value).toBe('2024-02-29');
    expect((read({ t: '2026-01-01T00:00:00+14:00' }, (c) => c.instant('t')).value as Date).toISOString()).toBe('2025-12-31T10:00:00.000Z');
    expect((read({ t: '2026-01-01' }, (c) => c.dateOrInstant('t')).value as Date).toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('bounds every money column (…Fen) at 10^10 fen, so totals stay exact; other integers keep their own bounds', () => {
    expect(read({ externalPriceFen: '10000000000' }, (c) => c.integer('externalPriceFen', { min: 0 })).errors).toEqual([]);
    const over = read({ externalPriceFen: '10000000001' }, (c) => c.integer('externalPriceFen', { min: 0 }));
    expect(over.value).toBeUndefined();
    expect(over.errors[0]).toEqual(expect.objectContaining({ column: 'externalPriceFen', reason: '10000000001 is more than 10000000000' }));
    expect(read({ samples: '10000000001' }, (c) => c.integer('samples', { min: 1 })).errors).toEqual([]);
  });
});

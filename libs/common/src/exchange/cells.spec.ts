import type { CellError } from './bundle';
import { CellReader } from './cells';

/** One row's cells read as the imports read them; the errors they record. */
function read(cells: Record<string, string>, use: (c: CellReader) => unknown): { value: unknown; errors: CellError[] } {
  const errors: CellError[] = [];
  const value = use(new CellReader('x.csv', { line: 2, cells }, errors));
  return { value, errors };
}

// The rules themselves are libs/domain/src/exchange/cells.spec.ts; here, that the reader records where a bad cell is.
describe('reading a row’s cells', () => {
  it.each([['date', '2027-02-30'], ['instant', '2027-02-30T09:00:00+08:00'], ['dateOrInstant', '2025-13-45']] as const)(
    'a bad %s cell %s is recorded with its file, line and column', (kind, text) => {
      const { value, errors } = read({ validFrom: text }, (c) => c[kind]('validFrom'));
      expect(value).toBeUndefined();
      expect(errors).toEqual([expect.objectContaining({ file: 'x.csv', line: 2, column: 'validFrom' })]);
    });

  it('a text cell with a NUL character is a bad cell naming its column, in codes too', () => {
    for (const use of [(c: CellReader) => c.text('name'), (c: CellReader) => c.code('name')]) {
      const { value, errors } = read({ name: '电镜\u0000A' }, use);
      expect(value).toBeUndefined();
      expect(errors).toEqual([expect.objectContaining({ column: 'name', reason: expect.objectContaining({ en: expect.stringContaining('NUL') }) })]);
    }
  });

  it('an empty cell is absent, or a bad cell when required; a bad boolean is recorded and read as false', () => {
    expect(read({ name: '' }, (c) => c.text('name'))).toEqual({ value: undefined, errors: [] });
    expect(read({}, (c) => c.code('code')).errors).toEqual([{ file: 'x.csv', line: 2, column: 'code', reason: expect.objectContaining({ en: 'required cell is empty' }) }]);
    expect(read({ open: 'yes' }, (c) => c.bool('open'))).toEqual({ value: false, errors: [expect.objectContaining({ column: 'open', reason: expect.objectContaining({ en: '"yes" is not true or false' }) })] });
  });

  it('bounds money columns (…Fen) by name', () => {
    const over = read({ externalPriceFen: '10000000001' }, (c) => c.integer('externalPriceFen', { min: 0 }));
    expect(over.value).toBeUndefined();
    expect(over.errors[0]).toEqual(expect.objectContaining({ column: 'externalPriceFen', reason: expect.objectContaining({ en: '10000000001 is more than 10000000000' }) }));
    expect(read({ samples: '10000000001' }, (c) => c.integer('samples', { min: 1 })).errors).toEqual([]);
  });
});

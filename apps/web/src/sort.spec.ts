import fc from 'fast-check';
import { compareKeys, nextSort, sortRows, type SortKey } from './sort';

describe('sorting a result table', () => {
  it.each<[SortKey, SortKey, number]>([
    // Numbers as numbers, not as the text shown (9 < 10, though '9' > '10').
    [9, 10, -1],
    [-250, 5, -1],
    // Money in fen beyond the safe integers, as bigint, against plain numbers.
    [9007199254740993n, 9007199254740992, 1],
    [100n, 100, 0],
    // Instants by the instant, not by how the offset is written.
    [new Date('2026-01-01T00:30:00+08:00'), new Date('2025-12-31T17:00:00Z'), -1],
    // Chinese in pinyin order: 重庆 (chóng) before 四川 (sì), though U+91CD > U+56DB.
    ['重庆', '四川', -1],
    ['张研究', '李机组', 1],
    // Digits inside codes as numbers.
    ['EQ-A2', 'EQ-A10', -1],
    ['cq', 'CQ', 0],
    // Numbers before texts; empty cells after everything.
    [3, 'abc', -1],
    [null, 0, 1],
    [undefined, null, 0],
    [new Date('not a date'), new Date(0), 1],
  ])('%p against %p: %p', (a, b, expected) => expect(Math.sign(compareKeys(a, b))).toBe(expected));

  it('sorts rows ascending and descending by a key, blanks last both ways, ties in the API’s order', () => {
    const rows = [
      { code: 'A', fen: 500 }, { code: 'B', fen: null }, { code: 'C', fen: 120000 }, { code: 'D', fen: 500 }, { code: 'E', fen: 7 },
    ];
    const codes = (xs: typeof rows) => xs.map((x) => x.code).join('');
    expect(codes(sortRows(rows, (r) => r.fen, 'ascending'))).toBe('EADCB');
    expect(codes(sortRows(rows, (r) => r.fen, 'descending'))).toBe('CADEB');
    expect(codes(rows)).toBe('ABCDE');
  });

  it('orders institutions by their Chinese names', () => {
    const names = ['四川天府生物研究院', '重庆嘉陵理工大学', '成都蓉芯测试有限公司', '安徽光电所'];
    expect(sortRows(names, (n) => n, 'ascending')).toEqual(['安徽光电所', '成都蓉芯测试有限公司', '重庆嘉陵理工大学', '四川天府生物研究院']);
  });

  it('turns a column round on a second click, and starts a new column ascending', () => {
    expect(nextSort(null, 'fen')).toEqual({ column: 'fen', direction: 'ascending' });
    expect(nextSort({ column: 'fen', direction: 'ascending' }, 'fen')).toEqual({ column: 'fen', direction: 'descending' });
    expect(nextSort({ column: 'fen', direction: 'descending' }, 'fen')).toEqual({ column: 'fen', direction: 'ascending' });
    expect(nextSort({ column: 'fen', direction: 'descending' }, 'name')).toEqual({ column: 'name', direction: 'ascending' });
  });

  it('is a total order on numbers: ascending is sorted, descending is its reverse when keys differ (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }))), (keys) => {
        const up = sortRows(keys, (k) => k, 'ascending');
        const down = sortRows(keys, (k) => k, 'descending');
        for (let i = 1; i < up.length; i++) if (compareKeys(up[i - 1], up[i]) > 0) return false;
        return JSON.stringify(down.map(String)) === JSON.stringify([...up].reverse().map(String));
      }),
    );
  });
});

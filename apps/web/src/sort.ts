// Sorting a result table by one column (issue 21). Each column says what its cells are worth for
// sorting — never the text shown: 1,234.50 元 sorts by its fen, 2026-01-01 00:30 by its instant,
// 重庆 before 四川 by pinyin — so one comparison serves every table.

/** What a cell is worth for sorting: a number (money in fen, hours in minutes, a count), an instant, a text, or nothing. */
export type SortKey = number | bigint | Date | string | null | undefined;
export type SortDirection = 'ascending' | 'descending';

/** Chinese text in pinyin order (Unicode order would put 重庆 after 四川), digits inside a text as numbers (EQ-A2 before EQ-A10). */
const text = new Intl.Collator('zh-Hans-CN', { numeric: true, sensitivity: 'base' });

const nothing = (k: SortKey): k is null | undefined => k === null || k === undefined || (k instanceof Date && Number.isNaN(k.getTime()));
const rank = (k: number | bigint | Date | string) => (typeof k === 'string' ? 1 : 0);
const numeric = (k: number | bigint | Date) => (k instanceof Date ? k.getTime() : k);

/**
 * Ascending order of two sort keys: numbers and instants by value (number and bigint alike), texts
 * by the Chinese collation, numbers before texts. Empty cells are not ordered here: see `sortRows`.
 */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (nothing(a) || nothing(b)) return nothing(a) === nothing(b) ? 0 : nothing(a) ? 1 : -1;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'string' || typeof b === 'string') return text.compare(String(a), String(b));
  const x = numeric(a);
  const y = numeric(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The rows ordered by a column, ascending or descending; rows with an empty cell stay last either
 * way (a blank is not "smallest"), and rows of equal keys keep their order (the API's).
 */
export function sortRows<T>(rows: readonly T[], key: (row: T) => SortKey, direction: SortDirection): T[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, key: key(row) }))
    .sort((a, b) => {
      const blank = Number(nothing(a.key)) - Number(nothing(b.key));
      if (blank !== 0) return blank;
      return sign * compareKeys(a.key, b.key) || a.index - b.index;
    })
    .map((x) => x.row);
}

/** The next direction when a column's header is clicked: a new column starts ascending, the same one turns round. */
export function nextSort<C>(current: { column: C; direction: SortDirection } | null, column: C): { column: C; direction: SortDirection } {
  if (current && current.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: 'ascending' };
}

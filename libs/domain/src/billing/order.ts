/**
 * Codes compared by Unicode code point, as PostgreSQL's COLLATE "C" compares them (exchange.md).
 * JavaScript's `<` compares UTF-16 code units, which puts U+E000–U+FFFF after astral characters;
 * the database and the exports would then disagree on order, and voucher draws could differ.
 */
export function compareCodes(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const l = left[i].codePointAt(0) as number;
    const r = right[i].codePointAt(0) as number;
    if (l !== r) return l < r ? -1 : 1;
  }
  return left.length < right.length ? -1 : left.length > right.length ? 1 : 0;
}

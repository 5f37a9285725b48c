import { type Said, said } from '../messages/said';

/** A problem with a CSV file's header row, by column ('' for the file as a whole). */
export interface HeaderProblem { column: string; reason: Said }

/**
 * The header rules of the exchange format (exchange.md): columns in any order, every column
 * known, none twice, every required one present. Every problem is named, not only the first.
 */
export function headerProblems(header: readonly string[], columns: { known: readonly string[]; required: readonly string[] }): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  for (const h of header) {
    if (!columns.known.includes(h)) problems.push({ column: h, reason: said(`未知列 ${JSON.stringify(h)}；可用的列：${columns.known.join('、')}`, `unknown column ${JSON.stringify(h)}; expected some of ${columns.known.join(', ')}`) });
  }
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) problems.push({ column: h, reason: said('该列出现了两次', 'column appears twice') });
    seen.add(h);
  }
  for (const r of columns.required) if (!header.includes(r)) problems.push({ column: r, reason: said('缺少必需的列', 'required column is missing') });
  return problems;
}

/** A record whose cell count differs from the header's: the reason, or null when they agree. */
export function recordWidthProblem(cells: number, headerCells: number): Said | null {
  return cells === headerCells ? null : said(`该行有 ${cells} 个单元格，表头有 ${headerCells} 个`, `has ${cells} cells, the header has ${headerCells}`);
}

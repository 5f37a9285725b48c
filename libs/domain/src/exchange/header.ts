/** A problem with a CSV file's header row, by column ('' for the file as a whole). */
export interface HeaderProblem { column: string; reason: string }

/**
 * The header rules of the exchange format (exchange.md): columns in any order, every column
 * known, none twice, every required one present. Every problem is named, not only the first.
 */
export function headerProblems(header: readonly string[], columns: { known: readonly string[]; required: readonly string[] }): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  for (const h of header) {
    if (!columns.known.includes(h)) problems.push({ column: h, reason: `unknown column ${JSON.stringify(h)}; expected some of ${columns.known.join(', ')}` });
  }
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) problems.push({ column: h, reason: 'column appears twice' });
    seen.add(h);
  }
  for (const r of columns.required) if (!header.includes(r)) problems.push({ column: r, reason: 'required column is missing' });
  return problems;
}

/** A record whose cell count differs from the header's: the reason, or null when they agree. */
export function recordWidthProblem(cells: number, headerCells: number): string | null {
  return cells === headerCells ? null : `has ${cells} cells, the header has ${headerCells}`;
}

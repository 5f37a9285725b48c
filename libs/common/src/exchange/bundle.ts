import { unzipSync } from 'fflate';
import { parse } from 'csv-parse/sync';

/** One bad cell of an exchange bundle: where it is and why it is wrong (exchange.md). */
export interface CellError {
  file: string;
  line: number;
  column: string;
  reason: string;
}

export class BundleError extends Error {
  constructor(readonly cells: CellError[]) {
    super(`the bundle has ${cells.length} bad cell${cells.length === 1 ? '' : 's'}`);
  }
}

/**
 * The files of a zipped exchange bundle, by name. Files may sit at the root or in one folder;
 * folders, macOS resource forks and hidden files are ignored.
 */
export function unzipBundle(bytes: Uint8Array): Map<string, string> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new BundleError([{ file: '(bundle)', line: 0, column: '', reason: `not a readable .zip file (${error instanceof Error ? error.message : String(error)})` }]);
  }
  const files = new Map<string, string>();
  const folders = new Set<string>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const problems: CellError[] = [];
  for (const [path, data] of Object.entries(entries)) {
    if (path.endsWith('/') || path.startsWith('__MACOSX/')) continue;
    const parts = path.split('/');
    const name = parts[parts.length - 1];
    if (name.startsWith('.')) continue;
    if (parts.length > 2) {
      problems.push({ file: path, line: 0, column: '', reason: 'files must be at the root of the zip or in one folder' });
      continue;
    }
    folders.add(parts.length === 2 ? parts[0] : '');
    try {
      files.set(name, decoder.decode(data));
    } catch {
      problems.push({ file: name, line: 0, column: '', reason: 'not valid UTF-8' });
    }
  }
  if (folders.size > 1) problems.push({ file: '(bundle)', line: 0, column: '', reason: `files are spread over several folders (${[...folders].map((f) => f || '(root)').join(', ')})` });
  if (problems.length) throw new BundleError(problems);
  if (files.size === 0) throw new BundleError([{ file: '(bundle)', line: 0, column: '', reason: 'the zip holds no files' }]);
  return files;
}

export interface CsvRow {
  /** 1-based line in the file where the record starts (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

/**
 * Parses one CSV of the exchange format: header row, columns in any order, unknown columns an
 * error, required columns present, a UTF-8 BOM tolerated. Cells are trimmed of nothing: a value
 * is what the file says.
 */
export function parseExchangeCsv(file: string, text: string, columns: { known: readonly string[]; required: readonly string[] }, errors: CellError[]): CsvRow[] {
  let records: string[][];
  let lines: number[];
  try {
    const parsed = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    records = parsed.map((p) => p.record);
    lines = parsed.map((p) => p.info.lines);
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    errors.push({ file, line: e.lines ?? 0, column: '', reason: `not valid CSV: ${e.message ?? String(error)}` });
    return [];
  }
  if (records.length === 0) {
    errors.push({ file, line: 1, column: '', reason: 'the file is empty: a header row is required' });
    return [];
  }
  const header = records[0].map((h) => h.trim());
  let headerOk = true;
  header.forEach((h) => {
    if (!columns.known.includes(h)) {
      errors.push({ file, line: 1, column: h, reason: `unknown column ${JSON.stringify(h)}; expected some of ${columns.known.join(', ')}` });
      headerOk = false;
    }
  });
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) {
      errors.push({ file, line: 1, column: h, reason: 'column appears twice' });
      headerOk = false;
    }
    seen.add(h);
  }
  for (const r of columns.required) {
    if (!header.includes(r)) {
      errors.push({ file, line: 1, column: r, reason: 'required column is missing' });
      headerOk = false;
    }
  }
  if (!headerOk) return [];
  const rows: CsvRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const record = records[i];
    // `info.lines` is where the record ends; a record with quoted newlines starts earlier.
    const line = lines[i] - record.filter((c) => c.includes('\n')).reduce((n, c) => n + c.split('\n').length - 1, 0);
    if (record.length !== header.length) {
      errors.push({ file, line, column: '', reason: `has ${record.length} cells, the header has ${header.length}` });
      continue;
    }
    const cells: Record<string, string> = {};
    header.forEach((h, k) => (cells[h] = record[k]));
    rows.push({ line, cells });
  }
  return rows;
}

import { calendarDateProblem, CODE_PATTERN, MAX_FEN, parseDateOrInstant, parseInstant, textProblem } from '@yixiang/domain';
import type { CellError, CsvRow } from './bundle';

/**
 * Reads the cells of one row with the exchange format's rules, recording every bad cell with
 * its file, line, column and reason instead of stopping at the first.
 */
export class CellReader {
  constructor(
    private readonly file: string,
    private readonly row: CsvRow,
    private readonly errors: CellError[],
  ) {}

  get line(): number {
    return this.row.line;
  }

  bad(column: string, reason: string): undefined {
    this.errors.push({ file: this.file, line: this.row.line, column, reason });
    return undefined;
  }

  raw(column: string): string | undefined {
    const v = this.row.cells[column];
    return v === undefined || v === '' ? undefined : v;
  }

  text(column: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
    const v = this.raw(column);
    if (v === undefined) return opts.required ? this.bad(column, 'required cell is empty') : undefined;
    if (v.length > (opts.max ?? 10000)) return this.bad(column, `longer than ${opts.max ?? 10000} characters`);
    // The same text rule as every JSON body: PostgreSQL cannot store NUL, which failed the whole import.
    const problem = textProblem(v);
    return problem ? this.bad(column, problem) : v;
  }

  code(column: string, opts: { required?: boolean } = { required: true }): string | undefined {
    const v = this.text(column, opts);
    if (v === undefined) return undefined;
    return CODE_PATTERN.test(v) ? v : this.bad(column, `${JSON.stringify(v)} is not a code (1–64 letters, digits, ".", "_" or "-")`);
  }

  oneOf<T extends string>(column: string, values: readonly T[], opts: { required?: boolean } = { required: true }): T | undefined {
    const v = this.text(column, opts);
    if (v === undefined) return undefined;
    return (values as readonly string[]).includes(v) ? (v as T) : this.bad(column, `${JSON.stringify(v)} is not one of ${values.join(', ')}`);
  }

  integer(column: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const v = this.text(column, opts);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) return this.bad(column, `${JSON.stringify(v)} is not a whole number`);
    const n = Number(v);
    if (!Number.isSafeInteger(n)) return this.bad(column, `${v} is too large`);
    // Money columns end in Fen (exchange.md); MAX_FEN keeps every total an exact number (libs/domain money.ts).
    const max = column.endsWith('Fen') ? Math.min(opts.max ?? MAX_FEN, MAX_FEN) : opts.max;
    if (opts.min !== undefined && n < opts.min) return this.bad(column, `${v} is less than ${opts.min}`);
    if (max !== undefined && n > max) return this.bad(column, `${v} is more than ${max}`);
    return n;
  }

  /** Empty means false (exchange.md). */
  bool(column: string): boolean {
    const v = this.raw(column);
    if (v === undefined || v === 'false') return false;
    if (v === 'true') return true;
    this.bad(column, `${JSON.stringify(v)} is not true or false`);
    return false;
  }

  date(column: string, opts: { required?: boolean } = {}): string | undefined {
    const v = this.text(column, opts);
    if (v === undefined) return undefined;
    const problem = calendarDateProblem(v);
    return problem === null ? v : this.bad(column, `${JSON.stringify(v)} is not a date YYYY-MM-DD: ${problem}`);
  }

  /** A date (00:00 Asia/Shanghai of that day) or an ISO 8601 instant with offset. */
  dateOrInstant(column: string, opts: { required?: boolean } = {}): Date | undefined {
    const v = this.text(column, opts);
    if (v === undefined) return undefined;
    const parsed = parseDateOrInstant(v);
    return typeof parsed === 'string' ? this.bad(column, parsed) : parsed;
  }

  instant(column: string, opts: { required?: boolean } = {}): Date | undefined {
    const v = this.text(column, opts);
    if (v === undefined) return undefined;
    const parsed = parseInstant(v);
    return typeof parsed === 'string' ? this.bad(column, parsed) : parsed;
  }
}

import { booleanCell, Cell, codeCell, dateCell, dateOrInstantCell, DEFAULT_TEXT_MAX, EMPTY_REQUIRED_CELL, instantCell, integerCell, oneOfCell, textCell } from '@yixiang/domain';
import type { CellError, CsvRow } from './bundle';
import type { Said } from '@yixiang/contracts';

/**
 * Reads the cells of one row with the exchange format's rules (libs/domain exchange/cells.ts),
 * recording every bad cell with its file, line, column and reason instead of stopping at the first.
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

  bad(column: string, reason: Said): undefined {
    this.errors.push({ file: this.file, line: this.row.line, column, reason });
    return undefined;
  }

  raw(column: string): string | undefined {
    const v = this.row.cells[column];
    return v === undefined || v === '' ? undefined : v;
  }

  /** The cell's value, or undefined with the bad cell recorded. */
  private take<T>(column: string, cell: Cell<T>): T | undefined {
    return cell.reason === undefined ? cell.value : this.bad(column, cell.reason);
  }

  text(column: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
    const v = this.raw(column);
    if (v === undefined) return opts.required ? this.bad(column, EMPTY_REQUIRED_CELL) : undefined;
    return this.take(column, textCell(v, opts.max ?? DEFAULT_TEXT_MAX));
  }

  /** A cell that is first a valid text, then whatever `rule` says. */
  private checked<T>(column: string, opts: { required?: boolean }, rule: (v: string) => Cell<T>): T | undefined {
    const v = this.text(column, opts);
    return v === undefined ? undefined : this.take(column, rule(v));
  }

  code(column: string, opts: { required?: boolean } = { required: true }): string | undefined {
    return this.checked(column, opts, codeCell);
  }

  oneOf<T extends string>(column: string, values: readonly T[], opts: { required?: boolean } = { required: true }): T | undefined {
    return this.checked(column, opts, (v) => oneOfCell(v, values));
  }

  integer(column: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    return this.checked(column, opts, (v) => integerCell(v, column, opts));
  }

  /** Empty means false (exchange.md); a bad cell is recorded and read as false. */
  bool(column: string): boolean {
    return this.take(column, booleanCell(this.raw(column))) ?? false;
  }

  date(column: string, opts: { required?: boolean } = {}): string | undefined {
    return this.checked(column, opts, dateCell);
  }

  /** A date (00:00 Asia/Shanghai of that day) or an ISO 8601 instant with offset. */
  dateOrInstant(column: string, opts: { required?: boolean } = {}): Date | undefined {
    return this.checked(column, opts, dateOrInstantCell);
  }

  instant(column: string, opts: { required?: boolean } = {}): Date | undefined {
    return this.checked(column, opts, instantCell);
  }
}

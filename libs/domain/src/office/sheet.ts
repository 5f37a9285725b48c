// What a spreadsheet export holds, as pure data: typed columns, the value each cell shows and the
// totals row. libs/common/src/office/workbook.ts writes it with exceljs; this file decides the numbers.
import { ratio, roundToPlaces } from '../rational';

/**
 * - `text`: written as text, so an all-digit code ("0012") keeps its zeros;
 * - `integer`: a count;
 * - `yuan`: given in integer fen, shown as yuan with two decimals (`#,##0.00`);
 * - `hours`: given in minutes, shown as hours rounded half-up to two decimals (as evaluation.csv);
 * - `decimal`: a decimal number given as text ("24.00", billed units), shown with two decimals;
 * - `points`: given in hundredths (scores), shown with two decimals;
 * - `percent`: given in basis points, shown as `0.00%`;
 * - `date` / `datetime`: a day or an instant, shown in Beijing time as a real spreadsheet date.
 */
export type SheetColumnKind = 'text' | 'integer' | 'yuan' | 'hours' | 'decimal' | 'points' | 'percent' | 'date' | 'datetime';

export interface SheetColumn {
  /** The header, in Chinese (with the unit: 金额（元）). */
  header: string;
  kind: SheetColumnKind;
  /** Width in characters; a default by kind when not given. */
  width?: number;
  /** Whether the totals row sums this column (default: money and hours columns). */
  total?: boolean;
}

export interface SheetSpec {
  /** The sheet's name (at most 31 characters: the spreadsheet format's limit). */
  name: string;
  columns: readonly SheetColumn[];
  /** A 合计 row under the data, summing the columns that have `total`. */
  totals?: boolean;
}

/** What a caller gives for a cell: text, an integer (number, bigint or decimal text), a decimal text, a date or an instant. */
export type SheetInput = string | number | bigint | Date | null | undefined;

/**
 * A cell as written: text, a number with its format, or a date. A date is the Beijing wall-clock time
 * carried in a Date's UTC fields, because a spreadsheet date has no time zone and exceljs writes the
 * UTC fields.
 */
export type SheetCell =
  | { type: 'text'; value: string }
  | { type: 'number'; value: number; format: string }
  | { type: 'date'; value: Date; format: string }
  | { type: 'empty' };

export const SHEET_FORMATS: Record<SheetColumnKind, string> = {
  text: '@', integer: '0', yuan: '#,##0.00', hours: '0.00', decimal: '0.00', points: '0.00', percent: '0.00%', date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm',
};

const DEFAULT_WIDTHS: Record<SheetColumnKind, number> = {
  text: 16, integer: 10, yuan: 16, hours: 12, decimal: 12, points: 10, percent: 10, date: 12, datetime: 18,
};

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

export const TOTALS_LABEL = '合计';

export function columnWidth(column: SheetColumn): number {
  return column.width ?? Math.max(DEFAULT_WIDTHS[column.kind], displayWidth(column.header) + 2);
}

/** A CJK character takes two columns' width. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return width;
}

export function totalled(column: SheetColumn): boolean {
  return column.total ?? (column.kind === 'yuan' || column.kind === 'hours');
}

const isEmpty = (v: SheetInput): v is null | undefined | '' => v === null || v === undefined || v === '';

function integerOf(v: SheetInput, what: string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new RangeError(`${what}: ${String(v)} is not an integer`);
}

/**
 * The exact integer a column's totals add up, in its smallest unit (fen, hundredths of an hour,
 * hundredths of a point, basis points, units): totals are summed in integers, never in floats.
 * Hours are rounded per row first, so that the total is the sum of the figures the rows show.
 */
export function scaledOf(kind: SheetColumnKind, v: SheetInput): bigint | null {
  if (isEmpty(v)) return null;
  switch (kind) {
    case 'integer': case 'yuan': case 'points': case 'percent': return integerOf(v, kind);
    case 'hours': return roundToPlaces(ratio(integerOf(v, 'minutes'), 60n), 2);
    case 'decimal': {
      const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(v));
      if (!m) throw new RangeError(`decimal: ${String(v)} is not a number with at most two decimals`);
      const scaled = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
      return m[1] ? -scaled : scaled;
    }
    default: return null;
  }
}

/** The number a scaled integer stands for: fen / 100 is the double nearest to the exact yuan (|fen| < 2^53). */
function numberOf(kind: SheetColumnKind, scaled: bigint): number {
  if (kind === 'integer') return Number(scaled);
  if (kind === 'percent') return Number(scaled) / 10000;
  return Number(scaled) / 100;
}

/** The Beijing wall clock of an instant, or midnight of a `YYYY-MM-DD` day, in a Date's UTC fields. */
function beijingClock(kind: 'date' | 'datetime', v: SheetInput): Date {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
  const at = v instanceof Date ? v : new Date(String(v));
  if (Number.isNaN(at.getTime())) throw new RangeError(`${kind}: ${String(v)} is not a date`);
  const clock = new Date(at.getTime() + BEIJING_OFFSET_MS);
  if (kind === 'date') clock.setUTCHours(0, 0, 0, 0);
  return clock;
}

export function sheetCell(column: SheetColumn, v: SheetInput): SheetCell {
  if (isEmpty(v)) return { type: 'empty' };
  const format = SHEET_FORMATS[column.kind];
  switch (column.kind) {
    case 'text': return { type: 'text', value: String(v) };
    case 'date': case 'datetime': return { type: 'date', value: beijingClock(column.kind, v), format };
    default: return { type: 'number', value: numberOf(column.kind, scaledOf(column.kind, v) as bigint), format };
  }
}

/**
 * The totals row: 合计 in the first column, the exact sum of each totalled column (in its smallest
 * unit, then converted once), empty elsewhere.
 */
export function totalsRow(columns: readonly SheetColumn[], rows: readonly (readonly SheetInput[])[]): SheetCell[] {
  return columns.map((column, c) => {
    if (!totalled(column)) return c === 0 ? { type: 'text', value: TOTALS_LABEL } : { type: 'empty' };
    const sum = rows.reduce((s, row) => s + (scaledOf(column.kind, row[c]) ?? 0n), 0n);
    return { type: 'number', value: numberOf(column.kind, sum), format: SHEET_FORMATS[column.kind] };
  });
}

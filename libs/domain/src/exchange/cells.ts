import { calendarDateProblem, CODE_PATTERN, MAX_FEN, textProblemSaid } from '../validation';
import { parseDateOrInstant, parseInstant } from '../instants';
import { type Said, said } from '../messages/said';
import { yuanText } from '../validation/money';

/**
 * The cell rules of the exchange format (exchange.md): what a valid text, code, enum, integer,
 * money, boolean, date or instant cell is, and the reason given when it is not (in Chinese and
 * English: the report is read later, in the reader's language). Pure: reading
 * the files and recording where a bad cell is are libs/common's (CellReader).
 */
export type Cell<T> = { value: T; reason?: undefined } | { value?: undefined; reason: Said };

const ok = <T>(value: T): Cell<T> => ({ value });
const bad = <T>(zh: string, en: string): Cell<T> => ({ reason: said(zh, en) });

/** An empty cell where one is required. */
export const EMPTY_REQUIRED_CELL: Said = said('必填单元格为空', 'required cell is empty');
export const DEFAULT_TEXT_MAX = 10000;


export function textCell(v: string, max = DEFAULT_TEXT_MAX): Cell<string> {
  if (v.length > max) return bad(`超过 ${max} 个字符`, `longer than ${max} characters`);
  // The same text rule as every JSON body: PostgreSQL cannot store NUL, which failed the whole import.
  const problem = textProblemSaid(v);
  return problem ? { reason: problem } : ok(v);
}

/** A code (already a valid text cell). */
export function codeCell(v: string): Cell<string> {
  return CODE_PATTERN.test(v) ? ok(v) : bad(`${JSON.stringify(v)} 不是有效的编号（1–64 个字母、数字、“.”、“_”或“-”）`, `${JSON.stringify(v)} is not a code (1–64 letters, digits, ".", "_" or "-")`);
}

export function oneOfCell<T extends string>(v: string, values: readonly T[]): Cell<T> {
  return (values as readonly string[]).includes(v) ? ok(v as T) : bad(`${JSON.stringify(v)} 不是以下之一：${values.join('、')}`, `${JSON.stringify(v)} is not one of ${values.join(', ')}`);
}

/** Money columns end in Fen (exchange.md); their bound is MAX_FEN whatever the caller asks, so every total stays exact. */
export const isMoneyColumn = (column: string): boolean => column.endsWith('Fen');

/** A whole number within [min, max]; a money column is also bounded by MAX_FEN (libs/domain money.ts). */
export function integerCell(v: string, column: string, bounds: { min?: number; max?: number } = {}): Cell<number> {
  if (!/^-?\d+$/.test(v)) return bad(`${JSON.stringify(v)} 不是整数${isMoneyColumn(column) ? '（金额以分计）' : ''}`, `${JSON.stringify(v)} is not a whole number`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) return bad(`${v} 太大`, `${v} is too large`);
  const max = isMoneyColumn(column) ? Math.min(bounds.max ?? MAX_FEN, MAX_FEN) : bounds.max;
  if (bounds.min !== undefined && n < bounds.min) return bad(`${shown(v, column)} 小于 ${shown(bounds.min, column)}`, `${v} is less than ${bounds.min}`);
  if (max !== undefined && n > max) return bad(`${shown(v, column)} 大于 ${shown(max, column)}`, `${v} is more than ${max}`);
  return ok(n);
}

/**
 * true or false in any case (Excel writes a boolean cell as TRUE / FALSE when it saves a CSV); an
 * empty cell means false (exchange.md).
 */
export function booleanCell(v: string | undefined): Cell<boolean> {
  const word = v?.toLowerCase();
  if (word === undefined || word === '' || word === 'false') return ok(false);
  if (word === 'true') return ok(true);
  return bad(`${JSON.stringify(v)} 不是 true 或 false`, `${JSON.stringify(v)} is not true or false`);
}

/** A calendar date YYYY-MM-DD that exists. */
export function dateCell(v: string): Cell<string> {
  const problem = calendarDateProblem(v);
  return problem === null ? ok(v) : bad(`${JSON.stringify(v)} 不是有效日期（YYYY-MM-DD）`, `${JSON.stringify(v)} is not a date YYYY-MM-DD: ${problem}`);
}

/** A date (00:00 Asia/Shanghai of that day) or an ISO 8601 instant with offset. */
export function dateOrInstantCell(v: string): Cell<Date> {
  const parsed = parseDateOrInstant(v);
  return typeof parsed === 'string' ? bad(`${JSON.stringify(v)} 不是日期（YYYY-MM-DD）或带时区的时刻`, parsed) : ok(parsed);
}

/** An ISO 8601 instant with offset. */
export function instantCell(v: string): Cell<Date> {
  const parsed = parseInstant(v);
  return typeof parsed === 'string' ? bad(`${JSON.stringify(v)} 不是带时区的时刻（如 2025-03-04T09:00:00+08:00）`, parsed) : ok(parsed);
}

/** A bound or value of a money column in 元 as well ("65000000 分（650,000.00 元）"), as it is written in fen. */
function shown(v: string | number, column: string): string {
  return isMoneyColumn(column) && /^-?\d+$/.test(String(v)) ? `${v} 分（${yuanText(Number(v))} 元）` : String(v);
}

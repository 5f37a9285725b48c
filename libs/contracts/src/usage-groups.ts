/**
 * The usage groups billing hands the subsidy service for a run (BillingSubjects.usageGroups): a
 * year's counted usage summed per instrument, user institution and service category. Far larger
 * than a NATS message, they travel on a Redis list the subsidy service names, in chunks of lines
 * (one group a line, `\n` between lines, an empty chunk at the end).
 *
 * This module is the contract of a line: the columns in their order, tab-separated, no header.
 * Billing writes the lines in PostgreSQL (usageGroupLineSql, built from the same column list, so
 * the year's millions of records never pass through Node); the subsidy service reads them with
 * decodeUsageGroup. A test checks that PostgreSQL's lines equal encodeUsageGroup's.
 * Changing the format: add a column at the end and a new USAGE_GROUP_FORMAT, with a reader that
 * takes both, before a writer sends it.
 *
 * Format 2 (issue 20) added `source`, the records' source (terminal, check-out, import, manual):
 * the evaluation counts non-terminal hours at the policy's manualHoursFactorPct. A format-1 line
 * (7 columns, from a billing replica not yet upgraded) still decodes, with source null: unknown,
 * which the evaluation counts as non-terminal.
 */
export const USAGE_GROUP_FORMAT = 2;

export interface UsageGroupRow {
  instrumentId: string;
  userInstitutionId: string;
  serviceCategory: string;
  /** Whole minutes (sum of the records' durations, truncated by PostgreSQL's bigint cast). */
  minutes: bigint;
  /** Billed before vouchers, in fen. */
  amountFen: bigint;
  ratingCount: number;
  ratingSum: number;
  /** The records' source (UsageSource, not narrowed, like the category); null: a format-1 line, source unknown. */
  source: string | null;
}

/** The columns of a line, in order. */
export const USAGE_GROUP_COLUMNS = ['instrumentId', 'userInstitutionId', 'serviceCategory', 'minutes', 'amountFen', 'ratingCount', 'ratingSum', 'source'] as const satisfies readonly (keyof UsageGroupRow)[];

const SEPARATOR = '\t';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?(0|[1-9][0-9]*)$/;
/** A category code as the usage records hold it (SERVICE_CATEGORIES today; not narrowed, so the reader refuses nothing billing counted). */
const CATEGORY = /^[a-z][a-z-]*$/;
/** A source as the usage records hold it (USAGE_SOURCES today; not narrowed, for the same reason). */
const SOURCE = /^[a-z][a-z-]*$/;
/** The columns of a format-1 line: all but `source`. */
const FORMAT_1_COLUMNS = USAGE_GROUP_COLUMNS.length - 1;

export class UsageGroupLineError extends Error {
  constructor(readonly line: string, readonly problem: string) {
    super(`usage group line (format ${USAGE_GROUP_FORMAT}: ${USAGE_GROUP_COLUMNS.join(', ')}) refused: ${problem}: ${JSON.stringify(line.slice(0, 200))}`);
  }
}

export function encodeUsageGroup(row: UsageGroupRow): string {
  if (row.source === null) throw new UsageGroupLineError('', 'source is unknown: a format-2 line names it');
  return USAGE_GROUP_COLUMNS.map((column) => {
    const text = String(row[column]);
    if (/[\t\n]/.test(text)) throw new UsageGroupLineError(text, `${column} contains a tab or a newline`);
    return text;
  }).join(SEPARATOR);
}

function integer(line: string, column: string, text: string): string {
  if (!INTEGER.test(text)) throw new UsageGroupLineError(line, `${column} is not an integer (${JSON.stringify(text)})`);
  return text;
}

export function decodeUsageGroup(line: string): UsageGroupRow {
  const cells = line.split(SEPARATOR);
  if (cells.length !== USAGE_GROUP_COLUMNS.length && cells.length !== FORMAT_1_COLUMNS) {
    throw new UsageGroupLineError(line, `${cells.length} columns, not ${USAGE_GROUP_COLUMNS.length} (or ${FORMAT_1_COLUMNS}, format 1)`);
  }
  const [instrumentId, userInstitutionId, serviceCategory, minutes, amountFen, ratingCount, ratingSum, source] = cells;
  if (!UUID.test(instrumentId)) throw new UsageGroupLineError(line, 'instrumentId is not a UUID');
  if (!UUID.test(userInstitutionId)) throw new UsageGroupLineError(line, 'userInstitutionId is not a UUID');
  if (!CATEGORY.test(serviceCategory)) throw new UsageGroupLineError(line, `serviceCategory ${JSON.stringify(serviceCategory)} is not a category code`);
  if (source !== undefined && !SOURCE.test(source)) throw new UsageGroupLineError(line, `source ${JSON.stringify(source)} is not a source code`);
  return {
    instrumentId, userInstitutionId, serviceCategory,
    minutes: BigInt(integer(line, 'minutes', minutes)), amountFen: BigInt(integer(line, 'amountFen', amountFen)),
    ratingCount: Number(integer(line, 'ratingCount', ratingCount)), ratingSum: Number(integer(line, 'ratingSum', ratingSum)),
    source: source ?? null,
  };
}

/** A chunk of the list: lines joined by `\n` (the empty chunk, the end, is never decoded). */
export function decodeUsageGroupChunk(chunk: string): UsageGroupRow[] {
  return chunk.split('\n').map(decodeUsageGroup);
}

/**
 * The SQL expression of a line, given the SQL expression of each column: the writer's half of the
 * codec, so PostgreSQL builds the lines without a Node round trip per group.
 */
export function usageGroupLineSql(columns: Record<(typeof USAGE_GROUP_COLUMNS)[number], string>): string {
  return USAGE_GROUP_COLUMNS.map((column) => columns[column]).join(` || E'\\t' || `);
}

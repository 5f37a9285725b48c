/** PostgreSQL SQLSTATE codes the services turn into domain errors. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_EXCLUSION_VIOLATION = '23P01';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';

export function pgCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  if (e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  if (e?.cause && typeof e.cause.code === 'string') return e.cause.code;
  return undefined;
}

export function pgConstraint(error: unknown): string | undefined {
  const e = error as { constraint?: unknown; cause?: { constraint?: unknown } } | null;
  if (e && typeof e.constraint === 'string') return e.constraint;
  if (e?.cause && typeof e.cause.constraint === 'string') return e.cause.constraint;
  return undefined;
}

/**
 * SQLSTATEs that mean the input itself was bad (a value the column cannot hold), never the
 * platform: class 22 (data exception: 22007/22008 impossible dates, 22P02 bad text for a type,
 * 22003 out of range, 22021 a NUL byte, 2200x …), 23502 (null in a NOT NULL column) and 54001
 * (statement too complex: a value nested too deep). The DTOs refuse these first; this is the last line.
 */
export function isPgInputError(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith('22') || code === '23502' || code === '54001');
}

export function pgColumn(error: unknown): string | undefined {
  const e = error as { column?: unknown; cause?: { column?: unknown } } | null;
  if (e && typeof e.column === 'string') return e.column;
  if (e?.cause && typeof e.cause.column === 'string') return e.cause.column;
  return undefined;
}

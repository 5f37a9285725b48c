import { randomBytes } from 'node:crypto';

/** A code for a record created through the API without one: short, readable, unique enough to retry on clash. */
export function generateCode(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** References may be given by id or by exchange code: `{id}` or `{code}` for a where clause. */
export function idOrCode(ref: string): { id: string } | { code: string } {
  return UUID_PATTERN.test(ref) ? { id: ref.toLowerCase() } : { code: ref };
}

import { randomBytes } from 'node:crypto';
import { UUID_PATTERN } from '@yixiang/domain';

/** A code for a record created through the API without one: short, readable, unique enough to retry on clash. */
export function generateCode(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** References may be given by id or by exchange code: `{id}` or `{code}` for a where clause. */
export function idOrCode(ref: string): { id: string } | { code: string } {
  return UUID_PATTERN.test(ref) ? { id: ref.toLowerCase() } : { code: ref };
}

import { createHash } from 'node:crypto';

/**
 * The audit trail's hash chain (issue 20): every entry's hash covers the previous entry's hash and
 * the entry's own content, so altering, removing or reordering any stored entry breaks the link
 * at that entry and every later one. The database refuses UPDATE and DELETE; the chain is what
 * proves that nobody with more rights than that went around it.
 */
export interface AuditContent {
  /** 1, 2, 3 … without gaps within one service's trail. */
  sequence: number;
  at: string;
  actorId: string | null;
  actorRole: string | null;
  objectType: string;
  objectId: string;
  action: string;
  before: unknown;
  after: unknown;
  correlationId: string | null;
}

export interface AuditEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

/** The chain's first link points at this instead of a previous hash. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys in code-point order at every depth, so the same content hashes the same
 * whichever order a driver or `jsonb` gave its keys back in. Undefined properties are left out as
 * JSON.stringify leaves them; bigints (money) are written as decimal strings.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function auditHash(prevHash: string, content: AuditContent): string {
  const { sequence, at, actorId, actorRole, objectType, objectId, action, before, after, correlationId } = content;
  const body = canonicalJson({ sequence, at, actorId, actorRole, objectType, objectId, action, before, after, correlationId });
  return createHash('sha256').update(`${prevHash}\n${body}`, 'utf8').digest('hex');
}

/** The next entry of a trail whose last entry is `last` (undefined: the trail is empty). */
export function chainEntry(last: Pick<AuditEntry, 'sequence' | 'hash'> | undefined, content: Omit<AuditContent, 'sequence'>): AuditEntry {
  const sequence = (last?.sequence ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const full = { ...content, sequence };
  return { ...full, prevHash, hash: auditHash(prevHash, full) };
}

export type BrokenLink =
  | { sequence: number; problem: 'gap' }
  | { sequence: number; problem: 'previous-hash' }
  | { sequence: number; problem: 'content-hash' };

/** The first entry, in sequence order, at which the chain does not hold; null when every link does. */
export function firstBrokenLink(entries: readonly AuditEntry[]): BrokenLink | null {
  let previous: AuditEntry | undefined;
  for (const e of entries) {
    if (e.sequence !== (previous?.sequence ?? 0) + 1) return { sequence: e.sequence, problem: 'gap' };
    if (e.prevHash !== (previous?.hash ?? GENESIS_HASH)) return { sequence: e.sequence, problem: 'previous-hash' };
    if (e.hash !== auditHash(e.prevHash, e)) return { sequence: e.sequence, problem: 'content-hash' };
    previous = e;
  }
  return null;
}

import type { BrokenLink } from './chain';

/** The services that keep an audit trail (issue 20): each that changes money, policy, grades, vouchers, rate cards, roles or institutions. */
export const AUDITED_SERVICES = ['catalogue', 'billing', 'subsidy'] as const;
export type AuditedService = (typeof AUDITED_SERVICES)[number];

/** What was changed, as the trail names it (an entry's objectType). */
export const AUDIT_OBJECT_TYPES = [
  'institution', 'user', 'rate-cards', 'voucher', 'voucher-application', 'voucher-claim', 'voucher-programme', 'statement', 'settlement',
  'policy', 'subsidy-run', 'import',
] as const;
export type AuditObjectType = (typeof AUDIT_OBJECT_TYPES)[number];

/** What firstBrokenLink can find wrong with a link (its `problem`). */
export const AUDIT_BREAKS = ['gap', 'previous-hash', 'content-hash'] as const satisfies readonly BrokenLink['problem'][];
export type AuditBreak = (typeof AUDIT_BREAKS)[number];

/** An entry as GET /audit merges it: when, whose chain, where in it. */
export interface MergedEntry {
  at: string;
  service: string;
  sequence: number;
}

/**
 * GET /audit's order: newest first; at the same instant by service, then the later link first. Within
 * one service this is "at desc, sequence desc", which is how each service pages its own trail, so a
 * merge of every service's first `offset + pageSize` entries is the same as sorting them all.
 */
export function auditOrder(x: MergedEntry, y: MergedEntry): number {
  if (x.at !== y.at) return x.at < y.at ? 1 : -1;
  if (x.service !== y.service) return x.service < y.service ? -1 : 1;
  return y.sequence - x.sequence;
}

/**
 * One page of every service's trail together. Each part is a service's newest entries (at least
 * `offset + pageSize` of them, or all it has): entries past that in a service can never be on the
 * page, since that service alone already fills every place before it.
 */
export function mergedAuditPage<T extends MergedEntry>(parts: readonly (readonly T[])[], offset: number, pageSize: number): T[] {
  return parts.flat().sort(auditOrder).slice(offset, offset + pageSize);
}

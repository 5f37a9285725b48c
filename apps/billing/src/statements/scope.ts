import type { Actor } from '@yixiang/contracts';

/**
 * Which charges and statements an actor may read, as a SQL condition over provider and payer
 * institution columns (and the usage record's user for researchers).
 */
export function billingScope(actor: Actor, provider: string, payer: string, user?: string): { sql: string; params: unknown[] } {
  if (actor.role === 'bureau' || actor.role === 'auditor') return { sql: 'true', params: [] };
  if (actor.role === 'researcher' && user) return { sql: `${user} = ?`, params: [actor.userId] };
  if (actor.role === 'researcher') return { sql: `${payer} = ?`, params: [actor.institutionId] };
  return { sql: `(${provider} = ? or ${payer} = ?)`, params: [actor.institutionId, actor.institutionId] };
}

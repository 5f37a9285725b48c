import type { Actor } from '@yixiang/contracts';

/**
 * Which charges and statements an actor may read, as a SQL condition over provider and payer
 * institution columns (and the usage record's user for researchers): the lists' form of the
 * 'statement.read' rule in libs/domain permissions (a researcher: their institution's statements as
 * payer, and only their own charges), which single statements are checked against.
 */
export function billingScope(actor: Actor, provider: string, payer: string, user?: string): { sql: string; params: unknown[] } {
  if (actor.role === 'bureau' || actor.role === 'auditor') return { sql: 'true', params: [] };
  if (actor.role === 'researcher' && user) return { sql: `${user} = ?`, params: [actor.userId] };
  if (actor.role === 'researcher') return { sql: `${payer} = ?`, params: [actor.institutionId] };
  return { sql: `(${provider} = ? or ${payer} = ?)`, params: [actor.institutionId, actor.institutionId] };
}

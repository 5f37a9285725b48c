import type { ScopeColumns } from '@yixiang/common';

/**
 * The columns that scope billing's lists to an actor (SqlFilter.scopedTo): the lists' form of the
 * 'statement.read' rule in libs/domain permissions (a researcher: their institution's statements as
 * payer, and only their own charges), which single statements are checked against.
 */
export const STATEMENT_SCOPE: ScopeColumns = { provider: 's.provider_institution_id', client: 's.payer_institution_id' };
export const CHARGE_SCOPE: ScopeColumns = { provider: 'c.provider_institution_id', client: 'c.payer_institution_id', user: 'u.user_id' };
/** Unbilled entries and voucher refusals are scoped by their usage record. */
export const RECORD_SCOPE: ScopeColumns = { provider: 'u.provider_institution_id', client: 'u.user_institution_id', user: 'u.user_id' };

import type { SettlementJobData } from '@yixiang/contracts';
import { JobObject, settlementScopeOf } from '@yixiang/domain';

/** Whose work a settlement job is: its starter, and the one provider it is limited to (none: the platform's). */
export function settlementJobObject(data: SettlementJobData | undefined): JobObject {
  return { startedBy: data?.actor?.userId ?? null, institutionId: settlementProviderOf(data) };
}

/** The provider a job settles; jobs queued before runs were scoped carry only their actor, and an admin's was theirs alone. */
export function settlementProviderOf(data: SettlementJobData | undefined): string | null {
  if (data?.providerInstitutionId !== undefined) return data.providerInstitutionId;
  return data?.actor ? settlementScopeOf(data.actor) ?? null : null;
}

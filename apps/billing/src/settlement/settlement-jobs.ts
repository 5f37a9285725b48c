import type { SettlementJobData } from '@yixiang/contracts';
import { JobObject, periodOf, settlementScopeOf } from '@yixiang/domain';

/** Whose work a settlement job is: its starter, and the one provider it is limited to (none: the platform's). */
export function settlementJobObject(data: SettlementJobData | undefined): JobObject {
  return { startedBy: data?.actor?.userId ?? null, institutionId: settlementProviderOf(data), region: settlementRegionOfJob(data) };
}

/** The region a job settles (a regional bureau officer's run, issue 16); null: no limit by region. */
export function settlementRegionOfJob(data: SettlementJobData | undefined): string | null {
  if (data?.providerInstitutionId) return null;
  if (data?.region !== undefined) return data.region;
  return data?.actor?.role === 'bureau' ? data.actor.region ?? null : null;
}

/** The provider a job settles; jobs queued before runs were scoped carry only their actor, and an admin's was theirs alone. */
export function settlementProviderOf(data: SettlementJobData | undefined): string | null {
  if (data?.providerInstitutionId !== undefined) return data.providerInstitutionId;
  return data?.actor ? settlementScopeOf(data.actor) ?? null : null;
}

/**
 * The month a scheduled (monthly) run settles: the month before the moment it was scheduled for, not the
 * moment it runs, so that a failed run rerun days later still settles its own month.
 */
export function monthlyPeriodOf(job: { timestamp: number; opts: { delay?: number } }): string {
  return periodOf(new Date(job.timestamp + (job.opts.delay ?? 0) - 24 * 3600e3));
}

/** A failed scheduled run is rerun by itself this long after it failed (its eight attempts already spanned minutes). */
export const MONTHLY_RERUN_AFTER_MS = 15 * 60000;

export function monthlyRunDue(finishedOn: number | undefined, now: number, after = MONTHLY_RERUN_AFTER_MS): boolean {
  return finishedOn !== undefined && now - finishedOn >= after;
}

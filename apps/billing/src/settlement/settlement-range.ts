import { Injectable } from '@nestjs/common';
import type { Actor } from '@yixiang/contracts';
import { periodsBetween } from '@yixiang/domain';
import { RegionalSettlement } from './regional-settlement';
import { SettlementResult, SettlementService } from './settlement.service';

/**
 * The months a run settled, one entry a month in calendar order. A month met twice (a scoped run
 * settles other providers' backlog again with each later month) keeps its last counts: those are
 * what the last settlement of it wrote.
 */
export function settledInOrder(results: SettlementResult[]): SettlementResult {
  const byPeriod = new Map<string, SettlementResult['periods'][number]>();
  for (const r of results) for (const p of r.periods) byPeriod.set(p.period, p);
  return { periods: [...byPeriod.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0)) };
}

export interface SettlementScope {
  /** An institution admin's run: only this provider's statements. */
  provider: string | null;
  /** A regional officer's run: every provider of the region. */
  region: string | null;
  /** Who started the run (the audit trail's actor); null or absent: the monthly schedule. */
  actor?: Actor | null;
}

/**
 * A settlement job's work: each month from `from` through `through`, in order, each exactly as a
 * single month's run settles it (so a range gives the rows twelve single runs give, and running it
 * again changes nothing). Progress is the share of months done.
 */
@Injectable()
export class SettlementRange {
  constructor(
    private readonly settlement: SettlementService,
    private readonly regional: RegionalSettlement,
  ) {}

  async settle(from: string, through: string, scope: SettlementScope, progress: (percent: number) => Promise<void>): Promise<SettlementResult> {
    const months = periodsBetween(from, through);
    const results: SettlementResult[] = [];
    for (const [i, month] of months.entries()) {
      const monthProgress = async (percent: number) => progress(Math.floor(((i + percent / 100) / months.length) * 100));
      results.push(scope.region
        ? await this.regional.settle(month, scope.region, monthProgress, scope.actor ?? null)
        : await this.settlement.settle(month, monthProgress, scope.provider, scope.actor ?? null));
    }
    await progress(100);
    return months.length === 1 ? results[0] : settledInOrder(results);
  }
}

import { Injectable } from '@nestjs/common';
import type { Actor } from '@yixiang/contracts';
import { FactsClient } from './facts.client';
import { SettlementResult, SettlementService } from './settlement.service';

/** Adds up per-provider results month by month (a month appears once, in the order first met). */
export function mergeSettlementResults(results: SettlementResult[]): SettlementResult {
  const byPeriod = new Map<string, SettlementResult['periods'][number]>();
  for (const r of results) {
    for (const p of r.periods) {
      const seen = byPeriod.get(p.period);
      if (!seen) byPeriod.set(p.period, { ...p });
      else for (const k of ['records', 'charged', 'unbilled', 'voucherRefusals', 'statements'] as const) seen[k] += p[k];
    }
  }
  return { periods: [...byPeriod.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0)) };
}

/**
 * A regional bureau officer's settlement (issue 16): every provider of its region, each settled as
 * an institution admin's scoped run settles its own (SettlementService: vouchers still draw across
 * all providers, only the provider's rows are written), one after another. The keys are the same
 * as the bureau's run, so the regional, the admin's and the joint officer's runs converge.
 */
@Injectable()
export class RegionalSettlement {
  constructor(
    private readonly settlement: SettlementService,
    private readonly facts: FactsClient,
  ) {}

  async settle(period: string, region: string, progress: (percent: number) => Promise<void>, actor: Actor | null = null): Promise<SettlementResult> {
    const providers = (await this.facts.regions.inRegion(region)).sort();
    const results: SettlementResult[] = [];
    for (const [i, provider] of providers.entries()) {
      results.push(await this.settlement.settle(period, async (p) => progress(Math.floor(((i + p / 100) / providers.length) * 100)), provider, actor));
    }
    await progress(100);
    const merged = mergeSettlementResults(results);
    // The asked month is always reported, as a scoped run reports it.
    if (!merged.periods.some((p) => p.period === period)) merged.periods.push({ period, records: 0, charged: 0, unbilled: 0, voucherRefusals: 0, statements: 0 });
    return merged;
  }
}

import { decodeUsageGroupChunk } from '@yixiang/contracts';
import type { UsageGroup } from '@yixiang/domain';

/**
 * A chunk of billing's usage groups (the contract: libs/contracts/src/usage-groups.ts) as the
 * reducer takes them: ids turned into the codes the evaluation speaks (left as ids when unknown),
 * the source as the line gives it (null from a format-1 line: unknown, counted as non-terminal).
 * A line that breaks the contract throws UsageGroupLineError, naming the line, and fails the run.
 */
export function usageGroupsOfChunk(chunk: string, instrumentCode: ReadonlyMap<string, string>, institutionCode: ReadonlyMap<string, string>): UsageGroup[] {
  return decodeUsageGroupChunk(chunk).map((g) => ({
    instrumentCode: instrumentCode.get(g.instrumentId) ?? g.instrumentId, userInstitutionCode: institutionCode.get(g.userInstitutionId) ?? g.userInstitutionId,
    serviceCategory: g.serviceCategory, minutes: g.minutes, amountFen: g.amountFen, ratingCount: g.ratingCount, ratingSum: g.ratingSum,
    source: g.source,
  }));
}

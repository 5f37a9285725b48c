import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { boundQuery } from '@yixiang/common';
import { UsageRecordDetail, usageGroupLineSql } from '@yixiang/contracts';

const GROUPS_PER_CHUNK = 20000;
const GROUPING_WORK_MEM = '256MB';

/** A group as a line of the usage-group contract (libs/contracts/src/usage-groups.ts), written by PostgreSQL. */
export const USAGE_GROUP_LINE = usageGroupLineSql({
  instrumentId: 'u.instrument_id', userInstitutionId: 'u.user_institution_id', serviceCategory: 'u.service_category',
  minutes: 'sum(extract(epoch from (u.end_at - u.start_at)) / 60)::bigint', amountFen: 'coalesce(sum(c.amount_fen), 0)',
  ratingCount: 'count(f.rating)', ratingSum: 'coalesce(sum(f.rating), 0)', source: 'u.source',
});

/**
 * The SQL of what the subsidy service reads of billing: a year's counted usage (completed records
 * that start in it) summed per instrument, user institution, service category and source (the
 * evaluation counts non-terminal hours at the policy's manualHoursFactorPct), through a cursor
 * in the caller's transaction; and the records behind one instrument's figures.
 */
@Injectable()
export class UsageGroupsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Opens the cursor `usage_groups` over the groups of records starting in [from, to), in the
   * transaction `tx`. The grouping of a year's records sorts or hashes millions of rows: it is
   * given the memory to do so without spilling to disk, for this transaction only.
   */
  async openGroups(tx: EntityManager, from: Date, to: Date): Promise<void> {
    await boundQuery(tx, `set local work_mem = '${GROUPING_WORK_MEM}'`, []);
    await boundQuery(tx,
      `declare usage_groups no scroll cursor for
         select ${USAGE_GROUP_LINE} as line
         from billing.usage_record u
         left join billing.charge c on c.usage_record_id = u.id
         left join billing.feedback f on f.usage_record_id = u.id
         where u.status = 'completed' and u.start_at >= ? and u.start_at < ?
         group by u.instrument_id, u.user_institution_id, u.service_category, u.source`,
      [from, to]);
  }

  /** The cursor's next chunk of lines; empty at the end. */
  async nextGroups(tx: EntityManager): Promise<string[]> {
    return (await boundQuery<{ line: string }>(tx, `fetch ${GROUPS_PER_CHUNK} from usage_groups`, [])).map((r) => r.line);
  }

  async closeGroups(tx: EntityManager): Promise<void> {
    await boundQuery(tx, 'close usage_groups', []);
  }

  /** An instrument's completed records starting in [from, to), with their charges and ratings, at most 10,000; the columns are the view's. */
  async records(instrumentId: string, from: Date, to: Date): Promise<UsageRecordDetail[]> {
    return this.em.getConnection().execute<UsageRecordDetail[]>(
      `select u.code, u.user_institution_id as "userInstitutionId", u.service_category as "serviceCategory", u.start_at as start, u.end_at as "end",
         c.amount_fen::text as "amountFen", f.rating
       from billing.usage_record u left join billing.charge c on c.usage_record_id = u.id left join billing.feedback f on f.usage_record_id = u.id
       where u.instrument_id = ? and u.status = 'completed' and u.start_at >= ? and u.start_at < ? order by u.start_at, u.code limit 10000`,
      [instrumentId, from, to]);
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { boundQuery, fail } from '@yixiang/common';
import { UsageRecordDetail } from '@yixiang/contracts';
import { usageGroupLineSql } from '@yixiang/contracts';
import { shanghaiMidnight } from '@yixiang/domain';
import { BillingConfig } from '../config';
import { BILLING_REDIS } from '../exports/exports.service';

const GROUPS_PER_CHUNK = 20000;
const GROUPING_WORK_MEM = '256MB';

/** A group as a line of the usage-group contract (libs/contracts/src/usage-groups.ts), written by PostgreSQL. */
export const USAGE_GROUP_LINE = usageGroupLineSql({
  instrumentId: 'u.instrument_id', userInstitutionId: 'u.user_institution_id', serviceCategory: 'u.service_category',
  minutes: 'sum(extract(epoch from (u.end_at - u.start_at)) / 60)::bigint', amountFen: 'coalesce(sum(c.amount_fen), 0)',
  ratingCount: 'count(f.rating)', ratingSum: 'coalesce(sum(f.rating), 0)',
});

/**
 * What the subsidy service reads of billing: the counted usage of a year (completed records that
 * start in it) summed in PostgreSQL per instrument, user institution and service category, with the
 * billed amounts before vouchers and the ratings.
 */
@Injectable()
export class UsageGroupsService {
  constructor(
    private readonly em: EntityManager,
    private readonly config: BillingConfig,
    @Inject(BILLING_REDIS) private readonly redis: Redis,
  ) {}

  /**
   * Every group of the year in one aggregate (PostgreSQL sums millions of records in seconds; pages
   * per instrument made it join the charges again for each page), streamed into the Redis list the
   * subsidy service names, a chunk of lines at a time (the format: libs/contracts/src/usage-groups.ts).
   * The reader consumes chunks while later ones are still being read from PostgreSQL; an empty
   * chunk marks the end. The result is far larger than a NATS message.
   */
  async groupsToList(year: number, listKey: string): Promise<{ groups: number; chunks: number }> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) fail('VALIDATION_FAILED', 'year must be 2000–2100');
    if (!listKey.startsWith(`${this.config.BULLMQ_PREFIX}:usage-groups:`)) fail('VALIDATION_FAILED', 'the list must be a usage-groups key of this installation');
    let groups = 0;
    let chunks = 0;
    // A cursor, read a chunk at a time into a Redis list: neither side ever holds the whole year.
    await this.em.fork().transactional(async (em) => {
      // The grouping of a year's records sorts or hashes millions of rows: give it the memory to
      // do so without spilling to disk, for this transaction only.
      await boundQuery(em, `set local work_mem = '${GROUPING_WORK_MEM}'`, []);
      await boundQuery(em,
        `declare usage_groups no scroll cursor for
         select ${USAGE_GROUP_LINE} as line
         from billing.usage_record u
         left join billing.charge c on c.usage_record_id = u.id
         left join billing.feedback f on f.usage_record_id = u.id
         where u.status = 'completed' and u.start_at >= ? and u.start_at < ?
         group by u.instrument_id, u.user_institution_id, u.service_category`,
        [shanghaiMidnight(`${year}-01-01`), shanghaiMidnight(`${year + 1}-01-01`)]);
      for (;;) {
        const rows = await boundQuery<{ line: string }>(em, `fetch ${GROUPS_PER_CHUNK} from usage_groups`, []);
        if (!rows.length) break;
        await this.redis.rpush(listKey, rows.map((r) => r.line).join('\n'));
        await this.redis.expire(listKey, 3600);
        groups += rows.length;
        chunks++;
      }
      await boundQuery(em, 'close usage_groups', []);
    });
    await this.redis.rpush(listKey, '');
    return { groups, chunks };
  }

  /** The records behind an instrument's figures of the year, for explanations. */
  async records(year: number, instrumentId: string): Promise<UsageRecordDetail[]> {
    return this.em.getConnection().execute(
      `select u.code, u.user_institution_id as "userInstitutionId", u.service_category as "serviceCategory", u.start_at as start, u.end_at as "end",
         c.amount_fen::text as "amountFen", f.rating
       from billing.usage_record u left join billing.charge c on c.usage_record_id = u.id left join billing.feedback f on f.usage_record_id = u.id
       where u.instrument_id = ? and u.status = 'completed' and u.start_at >= ? and u.start_at < ? order by u.start_at, u.code limit 10000`,
      [instrumentId, shanghaiMidnight(`${year}-01-01`), shanghaiMidnight(`${year + 1}-01-01`)]);
  }
}

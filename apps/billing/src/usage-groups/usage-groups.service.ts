import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { fail } from '@yixiang/common';
import { UsageRecordDetail } from '@yixiang/contracts';
import { shanghaiMidnight, said } from '@yixiang/domain';
import { BillingConfig } from '../config';
import { BILLING_REDIS } from '../exports/exports.service';
import { UsageGroupsRepository } from './usage-groups.repository';

/**
 * What the subsidy service reads of billing: the counted usage of a year (completed records that
 * start in it) summed in PostgreSQL per instrument, user institution and service category, with the
 * billed amounts before vouchers and the ratings.
 */
@Injectable()
export class UsageGroupsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: UsageGroupsRepository,
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
    if (!Number.isInteger(year) || year < 2000 || year > 2100) fail('VALIDATION_FAILED', said('年度必须在 2000–2100 之间', 'year must be 2000–2100'));
    if (!listKey.startsWith(`${this.config.BULLMQ_PREFIX}:usage-groups:`)) fail('VALIDATION_FAILED', said('该列表不是本系统的使用记录分组', 'the list must be a usage-groups key of this installation'));
    let groups = 0;
    let chunks = 0;
    // A cursor, read a chunk at a time into a Redis list: neither side ever holds the whole year.
    // The service's one use of the EntityManager: the transaction the cursor lives in.
    await this.em.fork().transactional(async (tx) => {
      await this.repository.openGroups(tx, shanghaiMidnight(`${year}-01-01`), shanghaiMidnight(`${year + 1}-01-01`));
      for (;;) {
        const lines = await this.repository.nextGroups(tx);
        if (!lines.length) break;
        await this.redis.rpush(listKey, lines.join('\n'));
        await this.redis.expire(listKey, 3600);
        groups += lines.length;
        chunks++;
      }
      await this.repository.closeGroups(tx);
    });
    await this.redis.rpush(listKey, '');
    return { groups, chunks };
  }

  /** The records behind an instrument's figures of the year, for explanations. */
  records(year: number, instrumentId: string): Promise<UsageRecordDetail[]> {
    return this.repository.records(instrumentId, shanghaiMidnight(`${year}-01-01`), shanghaiMidnight(`${year + 1}-01-01`));
  }
}

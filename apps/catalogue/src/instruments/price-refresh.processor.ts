import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobNames, Queues } from '@yixiang/contracts';
import { SearchCache } from './search-cache';

/**
 * Rate cards become valid and expire with the clock, not with a write, so the current prices on
 * the search rows are refreshed every minute by a BullMQ job scheduler: one schedule whatever the
 * number of replicas, and the database function serialises concurrent runs on its own row lock.
 */
@Processor(Queues.cataloguePrices, { concurrency: 1 })
export class PriceRefreshProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(PriceRefreshProcessor.name);

  constructor(
    @InjectQueue(Queues.cataloguePrices) private readonly queue: Queue,
    private readonly em: EntityManager,
    private readonly cache: SearchCache,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.queue.upsertJobScheduler(JobNames.refreshDuePrices, { every: 60000 }, {
      name: JobNames.refreshDuePrices,
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    });
  }

  async process(): Promise<{ refreshed: number }> {
    const [row] = await this.em.fork().getConnection().execute<{ refreshed: number }[]>(`select catalogue.refresh_due_prices() as refreshed`);
    if (row.refreshed > 0) {
      await this.cache.bump();
      this.logger.log(`refreshed the current prices of ${row.refreshed} instruments`);
    }
    return { refreshed: row.refreshed };
  }
}

import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobNames, Queues, SCHEDULER_REFRESH_MS, WORKER_STALL_OPTIONS } from '@yixiang/contracts';
import { SchedulerKeeper } from '@yixiang/common';
import { SearchCache } from '../search';
import { InstrumentsRepository } from './instruments.repository';

/**
 * Rate cards become valid and expire with the clock, not with a write, so the current prices on
 * the search rows are refreshed every minute by a BullMQ job scheduler: one schedule whatever the
 * number of replicas, and the database function serialises concurrent runs on its own row lock.
 */
@Processor(Queues.cataloguePrices, { concurrency: 1, ...WORKER_STALL_OPTIONS })
export class PriceRefreshProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PriceRefreshProcessor.name);
  // Registered again and again, not only at boot: a Redis that lost the schedule has it back within SCHEDULER_REFRESH_MS.
  private readonly keeper = new SchedulerKeeper('price refresh', () => this.queue.upsertJobScheduler(JobNames.refreshDuePrices, { every: 60000 }, {
    name: JobNames.refreshDuePrices,
    opts: { removeOnComplete: 100, removeOnFail: 100 },
  }), SCHEDULER_REFRESH_MS, this.logger);

  constructor(
    @InjectQueue(Queues.cataloguePrices) private readonly queue: Queue,
    private readonly instruments: InstrumentsRepository,
    private readonly cache: SearchCache,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.keeper.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.keeper.stop();
  }

  async process(): Promise<{ refreshed: number }> {
    const refreshed = await this.instruments.refreshDuePrices();
    if (refreshed > 0) {
      await this.cache.bump();
      this.logger.log(`refreshed the current prices of ${refreshed} instruments`);
    }
    return { refreshed };
  }
}

import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleInit } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { JobNames, Queues, SettlementJobData } from '@yixiang/contracts';
import { withCorrelation } from '@yixiang/common';
import { periodOf } from '@yixiang/domain';
import { settlementProviderOf } from './settlement-jobs';
import { SettlementResult, SettlementService } from './settlement.service';

/**
 * Settlement runs as BullMQ jobs: asked for (`POST /settlements`) and monthly, on the 1st at 02:00
 * Shanghai time, for the month just ended. One worker per replica, one job at a time each; the
 * database lock inside keeps two jobs from settling at once.
 */
// A short lock: when a worker dies mid-settlement, another takes the job over within seconds.
@Processor(Queues.billingSettlement, { concurrency: 1, lockDuration: 10000, stalledInterval: 5000 })
export class SettlementProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(SettlementProcessor.name);

  constructor(
    private readonly settlement: SettlementService,
    @InjectQueue(Queues.billingSettlement) private readonly queue: Queue<SettlementJobData>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.queue.upsertJobScheduler(JobNames.settleMonthly, { pattern: '0 2 1 * *', tz: 'Asia/Shanghai' }, { name: JobNames.settleMonthly });
  }

  async process(job: Job<SettlementJobData>): Promise<SettlementResult> {
    const period = job.name === JobNames.settleMonthly ? periodOf(new Date(Date.now() - 24 * 3600e3)) : job.data.period;
    return withCorrelation(job.data?.correlationId, async () => {
      // The monthly run has no data and settles every provider; an admin's settles their own institution's statements.
      const result = await this.settlement.settle(period, (p) => job.updateProgress(p), settlementProviderOf(job.data));
      this.logger.log(`settlement ${job.id} of ${period} done`);
      return result;
    });
  }
}

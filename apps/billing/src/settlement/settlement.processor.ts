import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { DEFAULT_JOB_OPTIONS, JobNames, JobQueue, QueuedJob, Queues, SCHEDULER_REFRESH_MS, WORKER_STALL_OPTIONS } from '@yixiang/contracts';
import { SchedulerKeeper, withCorrelation } from '@yixiang/common';
import { monthlyPeriodOf, monthlyRunDue, settlementProviderOf, settlementRegionOfJob } from './settlement-jobs';
import { SettlementRange } from './settlement-range';
import { SettlementRecords } from './settlement-records';
import { SettlementResult } from './settlement.service';

/**
 * Settlement runs as BullMQ jobs: asked for (`POST /settlements`) and monthly, on the 1st at 02:00
 * Shanghai time, for the month just ended. One worker per replica, one job at a time each; the
 * database lock inside keeps two jobs from settling at once.
 */
// A short lock: when a worker dies mid-settlement, another takes the job over within seconds.
@Processor(Queues.billingSettlement, { concurrency: 1, lockDuration: 10000, stalledInterval: 5000, ...WORKER_STALL_OPTIONS })
export class SettlementProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SettlementProcessor.name);
  private readonly keeper = new SchedulerKeeper('settlement', () => this.keepSchedule(), SCHEDULER_REFRESH_MS, this.logger);

  constructor(
    @InjectQueue(Queues.billingSettlement) private readonly queue: JobQueue<typeof Queues.billingSettlement>,
    private readonly records: SettlementRecords,
    private readonly range: SettlementRange,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.keeper.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.keeper.stop();
  }

  /**
   * Every replica, every SCHEDULER_REFRESH_MS: the monthly schedule (again: a Redis that lost it has it back),
   * and a failed monthly run is rerun a while after it failed — nobody asked for it, so nobody would retry it.
   * Settling a month again is safe: settled records are not settled twice, statements come out the same.
   */
  private async keepSchedule(): Promise<void> {
    await this.queue.upsertJobScheduler(JobNames.settleMonthly, { pattern: '0 2 1 * *', tz: 'Asia/Shanghai' }, { name: JobNames.settleMonthly, opts: DEFAULT_JOB_OPTIONS });
    const failed = await this.queue.getJobs(['failed'], 0, 99);
    for (const job of failed) {
      if (job?.name !== JobNames.settleMonthly || !monthlyRunDue(job.finishedOn, Date.now())) continue;
      this.logger.warn(`scheduled settlement ${job.id} of ${monthlyPeriodOf(job)} failed (${job.failedReason}); running it again`);
      // Another replica may have moved it first: then it is no longer failed, and that is fine.
      await job.retry('failed').catch(() => undefined);
    }
    // A Redis restarted without its data lost the jobs that waited or ran: their records bring them back.
    await this.records.resumeLost(this.queue, DEFAULT_JOB_OPTIONS);
  }

  // Every change of a job goes to its record too (failures to write are logged, never thrown at BullMQ).
  @OnWorkerEvent('active')
  onActive(job: Job): void {
    this.records.record(job, 'active');
  }

  @OnWorkerEvent('progress')
  onProgress(job: Job): void {
    this.records.record(job, 'active');
  }

  @OnWorkerEvent('completed')
  onCompleted(job: Job, result: unknown): void {
    this.records.record(job, 'completed', { result });
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined): void {
    this.records.recordAttemptFailed(job);
  }

  async process(job: QueuedJob<typeof Queues.billingSettlement>): Promise<SettlementResult> {
    const period = job.name === JobNames.settleMonthly ? monthlyPeriodOf(job) : job.data.period;
    return withCorrelation(job.data?.correlationId, async () => {
      // The monthly run has no data and settles every provider; an admin's settles their own institution's statements.
      // A regional bureau officer's (issue 16) settles every provider of its region.
      // A range run (POST /settlements/range) settles each month through `through` in order, in one job.
      const through = job.name === JobNames.settleMonthly ? period : job.data.through ?? period;
      const scope = { region: settlementRegionOfJob(job.data), provider: settlementProviderOf(job.data), actor: job.data?.actor ?? null };
      const result = await this.range.settle(period, through, scope, (p) => job.updateProgress(p));
      this.logger.log(`settlement ${job.id} of ${period}${through === period ? '' : ` to ${through}`} done`);
      return result;
    });
  }
}

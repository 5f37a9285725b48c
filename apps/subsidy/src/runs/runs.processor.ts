import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Job } from 'bullmq';
import { DEFAULT_JOB_OPTIONS, JobQueue, QueuedJob, Queues, SCHEDULER_REFRESH_MS, WORKER_STALL_OPTIONS } from '@yixiang/contracts';
import { SchedulerKeeper, withCorrelation } from '@yixiang/common';
import { RunRecords } from './run-records';
import { RunsService } from './runs.service';

/** Subsidy runs as BullMQ jobs with progress; a retried job recomputes the same run into the same rows. */
@Processor(Queues.subsidyRun, { concurrency: 1, lockDuration: 60000, ...WORKER_STALL_OPTIONS })
export class RunsProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RunsProcessor.name);
  // A Redis restarted without its data lost the runs that waited or ran: their records bring them back.
  private readonly keeper = new SchedulerKeeper('subsidy runs', () => this.records.resumeLost(this.queue, DEFAULT_JOB_OPTIONS), SCHEDULER_REFRESH_MS, this.logger);

  constructor(
    private readonly runs: RunsService,
    private readonly records: RunRecords,
    @InjectQueue(Queues.subsidyRun) private readonly queue: JobQueue<typeof Queues.subsidyRun>,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.keeper.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.keeper.stop();
  }

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

  async process(job: QueuedJob<typeof Queues.subsidyRun>): Promise<unknown> {
    return withCorrelation(job.data.correlationId, async () => {
      try {
        const result = await this.runs.compute(job.data.runId, (p) => job.updateProgress(p));
        this.logger.log(`subsidy run ${job.data.runId}: ${JSON.stringify(result)}`);
        return { runId: job.data.runId, ...result };
      } catch (error) {
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.runs.markFailed(job.data.runId, error instanceof Error ? error.message : String(error));
        throw error;
      }
    });
  }
}

import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { Queues, WORKER_STALL_OPTIONS } from '@yixiang/contracts';
import { withCorrelation } from '@yixiang/common';
import { RunJobData, RunsService } from './runs.service';

/** Subsidy runs as BullMQ jobs with progress; a retried job recomputes the same run into the same rows. */
@Processor(Queues.subsidyRun, { concurrency: 1, lockDuration: 60000, ...WORKER_STALL_OPTIONS })
export class RunsProcessor extends WorkerHost {
  private readonly logger = new Logger(RunsProcessor.name);

  constructor(private readonly runs: RunsService) {
    super();
  }

  async process(job: Job<RunJobData>): Promise<unknown> {
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

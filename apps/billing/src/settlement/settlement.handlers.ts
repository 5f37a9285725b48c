import { InjectQueue } from '@nestjs/bullmq';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Actor, BillingSubjects, DEFAULT_JOB_OPTIONS, JobNames, jobIdFor, JobStatus, Queues, SettlementDto, SettlementJobData, SettlementRunView } from '@yixiang/contracts';
import { currentCorrelationId, fail, jobStatus, requireActor, requireRole } from '@yixiang/common';
import { periodOf } from '@yixiang/domain';

@Controller()
export class SettlementHandlers {
  constructor(@InjectQueue(Queues.billingSettlement) private readonly queue: Queue<SettlementJobData>) {}

  @MessagePattern(BillingSubjects.settlementStart)
  async start(@Payload('actor') actor: Actor | null, @Payload('data') data: SettlementDto): Promise<{ jobId: string }> {
    const a = requireRole(actor, 'bureau', 'institution_admin');
    const jobId = jobIdFor(Queues.billingSettlement, randomUUID());
    await this.queue.add(JobNames.settlePeriod, { period: data.period, actor: a, correlationId: currentCorrelationId() }, { ...DEFAULT_JOB_OPTIONS, jobId });
    return { jobId };
  }

  /** The latest settlement runs, newest first (BullMQ keeps completed ones a week, failed ones until retried). */
  @MessagePattern(BillingSubjects.settlementList)
  async list(@Payload('actor') actor: Actor | null): Promise<SettlementRunView[]> {
    requireRole(actor, 'bureau', 'auditor');
    const jobs = (await this.queue.getJobs(['active', 'waiting', 'delayed', 'completed', 'failed'], 0, 99)).filter((j) => j?.id);
    jobs.sort((x, y) => y.timestamp - x.timestamp);
    return Promise.all(jobs.slice(0, 50).map(async (job) => {
      const status = jobStatus(job, await job.getState());
      const result = status.result as { periods?: SettlementRunView['periods'] } | undefined;
      // The monthly scheduler's job names no month: it settles the month before the day it runs.
      const runsAt = job.processedOn ?? job.timestamp + (job.opts.delay ?? 0);
      const scheduled = job.name === JobNames.settleMonthly;
      return {
        jobId: job.id as string, period: scheduled ? periodOf(new Date(runsAt - 24 * 3600e3)) : job.data.period, scheduled, state: status.state, progress: status.progress,
        requestedAt: new Date(job.timestamp).toISOString(), finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        periods: result?.periods ?? [], error: status.error?.message ?? null,
      };
    }));
  }

  @MessagePattern(BillingSubjects.jobGet)
  async get(@Payload('actor') actor: Actor | null, @Payload('id') id: string): Promise<JobStatus> {
    const a = requireActor(actor);
    if (typeof id !== 'string' || !id.startsWith(`${Queues.billingSettlement}.`)) fail('NOT_FOUND', `job ${id} does not exist`);
    const state = await this.queue.getJobState(id);
    const job = await this.queue.getJob(id);
    if (!job) fail('NOT_FOUND', `job ${id} does not exist`);
    if (job.data.actor?.userId !== a.userId && a.role !== 'bureau' && a.role !== 'auditor') fail('NOT_FOUND', `job ${id} does not exist`);
    return jobStatus(job, state);
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { Actor, BillingSubjects, DEFAULT_JOB_OPTIONS, jobIdFor, JobListItemView, JobNames, JobQueue, JobStatus, Page, PageQuery, pageWindow, Queues, SettlementDto, SettlementJobData, SettlementRangeDto, SettlementRunView } from '@yixiang/contracts';
import { authorize, can, currentCorrelationId, fail, Handles, jobStatus, jobStatusFromRecord, QUEUE_ADD_DEADLINE_MS, retryFailedJob, visibleJobs, withinDeadline } from '@yixiang/common';
import { noSuch, settlementRangeProblem, settlementRegionOf, settlementScopeOf } from '@yixiang/domain';
import { monthlyPeriodOf, settlementJobObject } from './settlement-jobs';
import { SettlementRecords } from './settlement-records';

@Controller()
export class SettlementHandlers {
  constructor(
    @InjectQueue(Queues.billingSettlement) private readonly queue: JobQueue<typeof Queues.billingSettlement>,
    private readonly records: SettlementRecords,
  ) {}

  @Handles(BillingSubjects.settlementStart)
  async start(@Payload('actor') actor: Actor | null, @Payload('data') data: SettlementDto): Promise<{ jobId: string }> {
    return this.queueRun(actor, data.period);
  }

  /** A range of months as one job (SettlementRange): a year is one request, not twelve. */
  @Handles(BillingSubjects.settlementStartRange)
  async startRange(@Payload('actor') actor: Actor | null, @Payload('data') data: SettlementRangeDto): Promise<{ jobId: string }> {
    const problem = settlementRangeProblem(data.from, data.to);
    if (problem) {
      // Who may settle at all is answered first: a researcher learns nothing about the range rules.
      authorize(actor, 'settlement.run', { providerInstitutionId: actor ? settlementScopeOf(actor) ?? null : null, region: actor ? settlementRegionOf(actor) : null });
      fail('VALIDATION_FAILED', problem.reason, { fields: [problem] });
    }
    return this.queueRun(actor, data.from, data.to);
  }

  private async queueRun(actor: Actor | null, period: string, through?: string): Promise<{ jobId: string }> {
    // The bureau settles every provider (a regional officer its region's); an institution admin only what their institution provided.
    const providerInstitutionId = actor ? settlementScopeOf(actor) ?? null : null;
    const region = actor ? settlementRegionOf(actor) : null;
    const a = authorize(actor, 'settlement.run', { providerInstitutionId, region });
    const jobId = jobIdFor(Queues.billingSettlement, randomUUID());
    const data: SettlementJobData = { period, ...(through ? { through } : {}), actor: a, providerInstitutionId, region, correlationId: currentCorrelationId() };
    const job = await withinDeadline(this.queue.add(JobNames.settlePeriod, data, { ...DEFAULT_JOB_OPTIONS, jobId }), QUEUE_ADD_DEADLINE_MS, 'redis', 'queueing the job');
    // Its record, so that a Redis that loses the job before it runs does not lose the request.
    await this.records.write(job, 'waiting');
    return { jobId };
  }

  /** The latest settlement runs the caller may see, newest first (BullMQ keeps completed ones a week, failed ones until retried). */
  @Handles(BillingSubjects.settlementList)
  async list(@Payload('actor') actor: Actor | null, @Payload('data') query: PageQuery = {}): Promise<Page<SettlementRunView>> {
    const a = authorize(actor, 'settlement.list', {});
    const jobs = (await this.queue.getJobs(['active', 'waiting', 'delayed', 'completed', 'failed'], 0, 99))
      .filter((j) => j?.id && can(a, 'job.read', settlementJobObject(j.data)));
    jobs.sort((x, y) => y.timestamp - x.timestamp);
    // The list convention over the newest hundred the queue gives (BullMQ removes older completed ones anyway).
    const { page, pageSize, offset } = pageWindow(query ?? {});
    const items = await Promise.all(jobs.slice(offset, offset + pageSize).map(async (job) => {
      const status = jobStatus(job, await job.getState());
      const result = status.result as { periods?: SettlementRunView['periods'] } | undefined;
      // The monthly scheduler's job names no month: it settles the month before the day it was scheduled for.
      const scheduled = job.name === JobNames.settleMonthly;
      return {
        jobId: job.id as string, period: scheduled ? monthlyPeriodOf(job) : job.data.period, through: scheduled ? null : job.data.through ?? null, scheduled, state: status.state, progress: status.progress,
        requestedAt: new Date(job.timestamp).toISOString(), finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
        // Both languages until the gateway writes the asker's.
        periods: result?.periods ?? [], error: (status.error?.message ?? null) as string | null,
      };
    }));
    return { items, total: jobs.length, page, pageSize };
  }

  @Handles(BillingSubjects.jobGet)
  async get(@Payload('actor') actor: Actor | null, @Payload('id') id: string): Promise<JobStatus> {
    if (typeof id !== 'string' || !id.startsWith(`${Queues.billingSettlement}.`)) fail('NOT_FOUND', noSuch('任务', 'job', id));
    const state = await this.queue.getJobState(id);
    const job = await this.queue.getJob(id);
    if (!job) {
      // Redis no longer has it (restarted without its data): its record tells what became of it.
      const row = await this.records.find(id);
      if (!row) fail('NOT_FOUND', noSuch('任务', 'job', id));
      authorize(actor, 'job.read', settlementJobObject(row.data as SettlementJobData), noSuch('任务', 'job', id));
      return jobStatusFromRecord(row);
    }
    authorize(actor, 'job.read', settlementJobObject(job.data), noSuch('任务', 'job', id));
    return jobStatus(job, state);
  }

  /** Run a failed settlement again (settling a month twice is safe: settled records are not settled again). */
  @Handles(BillingSubjects.jobRetry)
  async retry(@Payload('actor') actor: Actor | null, @Payload('id') id: string): Promise<JobStatus> {
    if (typeof id !== 'string' || !id.startsWith(`${Queues.billingSettlement}.`)) fail('NOT_FOUND', noSuch('任务', 'job', id));
    const state = await this.queue.getJobState(id);
    const job = await this.queue.getJob(id);
    if (!job) fail('NOT_FOUND', noSuch('任务', 'job', id));
    const a = authorize(actor, 'job.read', settlementJobObject(job.data), noSuch('任务', 'job', id));
    authorize(a, 'job.retry', settlementJobObject(job.data));
    return retryFailedJob(job, state);
  }

  @Handles(BillingSubjects.jobList)
  async jobs(@Payload('actor') actor: Actor | null): Promise<JobListItemView[]> {
    const a = authorize(actor, 'job.list', {});
    return visibleJobs(this.queue, a, (job) => settlementJobObject(job.data as SettlementJobData));
  }
}

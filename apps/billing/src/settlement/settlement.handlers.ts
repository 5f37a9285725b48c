import { InjectQueue } from '@nestjs/bullmq';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Actor, BillingSubjects, DEFAULT_JOB_OPTIONS, JobNames, jobIdFor, JobStatus, Queues, SettlementDto, SettlementJobData } from '@yixiang/contracts';
import { currentCorrelationId, fail, jobStatus, requireActor, requireRole } from '@yixiang/common';

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

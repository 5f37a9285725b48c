import { InjectQueue } from '@nestjs/bullmq';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Queue } from 'bullmq';
import { Actor, CatalogueSubjects, ImportJobData, JobStatus, Queues } from '@yixiang/contracts';
import { can, fail, jobStatus, requireActor } from '@yixiang/common';

@Controller()
export class JobsHandlers {
  constructor(@InjectQueue(Queues.catalogueImport) private readonly imports: Queue<ImportJobData>) {}

  @MessagePattern(CatalogueSubjects.jobGet)
  async get(@Payload('actor') actor: Actor | null, @Payload('id') id: string): Promise<JobStatus> {
    const a = requireActor(actor);
    if (typeof id !== 'string' || !id.startsWith(`${Queues.catalogueImport}.`)) fail('NOT_FOUND', `job ${id} does not exist`);
    // State first, then the job: a job seen 'failed' then has its reason (the move is atomic).
    const state = await this.imports.getJobState(id);
    const job = await this.imports.getJob(id);
    if (!job) fail('NOT_FOUND', `job ${id} does not exist`);
    if (!can(a, 'job.read', { startedBy: job.data.actor.userId, institutionId: null })) fail('NOT_FOUND', `job ${id} does not exist`);
    return jobStatus(job, state);
  }
}

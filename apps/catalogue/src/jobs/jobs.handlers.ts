import { InjectQueue } from '@nestjs/bullmq';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Job, Queue } from 'bullmq';
import { Actor, CatalogueSubjects, ImportJobData, JobStatus, Queues } from '@yixiang/contracts';
import { fail, requireActor } from '@yixiang/common';

/** Maps a BullMQ job and its state to the API's `{state, progress, result?, error?}`. */
export function jobStatus(job: Job, state: string): JobStatus {
  const status: JobStatus = {
    id: job.id as string,
    state: (['waiting', 'active', 'completed', 'failed', 'delayed'].includes(state) ? state : state === 'prioritized' || state === 'waiting-children' ? 'waiting' : 'unknown') as JobStatus['state'],
    progress: typeof job.progress === 'number' ? job.progress : 0,
    attemptsMade: job.attemptsMade,
  };
  if (state === 'completed') status.result = job.returnvalue;
  if (state === 'failed') {
    try {
      status.error = JSON.parse(job.failedReason);
    } catch {
      status.error = { code: "INTERNAL", message: "the job failed; an operator can see the reason and retry it", details: { reason: job.failedReason } };
    }
  }
  return status;
}

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
    if (job.data.actor.userId !== a.userId && a.role !== 'bureau' && a.role !== 'auditor') fail('NOT_FOUND', `job ${id} does not exist`);
    return jobStatus(job, state);
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, CatalogueSubjects, CellError, ImportJobData, JobListItemView, JobQueue, JobStatus, Page, PageQuery, pageWindow, QueuedJob, Queues } from '@yixiang/contracts';
import { authorize, can, fail, Handles, jobStatus, requireActor, retryFailedJob, visibleJobs } from '@yixiang/common';
import { ImportsRepository } from '../imports/imports.repository';
import { said, noSuch } from '@yixiang/domain';

@Controller()
export class JobsHandlers {
  constructor(
    @InjectQueue(Queues.catalogueImport) private readonly imports: JobQueue<typeof Queues.catalogueImport>,
    private readonly store: ImportsRepository,
  ) {}

  @Handles(CatalogueSubjects.jobGet)
  async get(@Payload('actor') actor: Actor | null, @Payload('id') id: string): Promise<JobStatus> {
    // State first, then the job: a job seen 'failed' then has its reason (the move is atomic).
    const { job, state, stored } = await this.visibleJob(actor, id);
    return job ? jobStatus(job, state) : (stored as JobStatus);
  }

  /** All bad cells of an import, a page at a time; whoever may see the job may see its cells. */
  @Handles(CatalogueSubjects.jobCells)
  async cells(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('query') query: PageQuery): Promise<Page<CellError>> {
    await this.visibleJob(actor, id);
    const { page, pageSize } = pageWindow(query ?? {});
    return this.store.cells(id, page, pageSize);
  }

  /** Run a failed import again: it imports the bundle whole or not at all, so a rerun cannot half-import it. */
  @Handles(CatalogueSubjects.jobRetry)
  async retry(@Payload('actor') actor: Actor | null, @Payload('id') id: string): Promise<JobStatus> {
    const { job, state } = await this.visibleJob(actor, id);
    // BullMQ lost it (Redis restarted): the import sweep runs it again from the stored bundle.
    if (!job) fail('ILLEGAL_TRANSITION', said(`任务 ${id} 已中断，系统会自动从已保存的数据包重新导入`, `job ${id} was interrupted; it is resumed from its stored bundle automatically`));
    const starter = job.data.actor;
    authorize(actor, 'job.retry', { startedBy: starter.userId, institutionId: starter.role === 'institution_admin' ? starter.institutionId ?? null : null, region: null });
    return retryFailedJob(job, state);
  }

  @Handles(CatalogueSubjects.jobList)
  async list(@Payload('actor') actor: Actor | null): Promise<JobListItemView[]> {
    const a = authorize(actor, 'job.list', {});
    return visibleJobs(this.imports, a, (job) => ({ startedBy: (job.data as ImportJobData).actor.userId, institutionId: null, region: null }));
  }

  /** The job from BullMQ, or, once BullMQ forgot it (Redis lost, job removed), the import's stored state. */
  private async visibleJob(actor: Actor | null, id: string): Promise<{ job: QueuedJob<typeof Queues.catalogueImport> | null; state: string; stored: JobStatus | null }> {
    const a = requireActor(actor);
    if (typeof id !== 'string' || !id.startsWith(`${Queues.catalogueImport}.`)) fail('NOT_FOUND', noSuch('任务', 'job', id));
    const state = await this.imports.getJobState(id);
    const job = (await this.imports.getJob(id)) ?? null;
    const stored = job ? null : await this.store.jobStatus(id);
    const startedBy = job ? job.data.actor.userId : stored?.startedBy;
    if (!startedBy || !can(a, 'job.read', { startedBy, institutionId: null, region: null })) fail('NOT_FOUND', noSuch('任务', 'job', id));
    return { job, state, stored: stored?.status ?? null };
  }
}

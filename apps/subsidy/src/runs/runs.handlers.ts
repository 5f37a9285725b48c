import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { stringify } from 'csv-stringify/sync';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Actor, CreateSubsidyRunDto, ExplanationLanguage, JobListItemView, JobQueue, JobStatus, PageQuery, Queues, RunJobData, SubsidySubjects } from '@yixiang/contracts';
import type { JobObject } from '@yixiang/domain';
import { authorize, can, fail, Handles, jobStatus, jobStatusFromRecord, requireActor, retryFailedJob, visibleJobs, writeWorkbook, XLSX_CONTENT_TYPE } from '@yixiang/common';
import { SubsidyConfig } from '../config';
import { PoliciesService } from '../policies/policies.service';
import { SUBSIDY_REDIS } from './inputs.client';
import { RunRecords } from './run-records';
import { RunsService } from './runs.service';
import { said, noSuch } from '@yixiang/domain';

@Controller()
export class RunsHandlers {
  constructor(
    private readonly policies: PoliciesService,
    private readonly runs: RunsService,
    private readonly config: SubsidyConfig,
    @InjectQueue(Queues.subsidyRun) private readonly queue: JobQueue<typeof Queues.subsidyRun>,
    @Inject(SUBSIDY_REDIS) private readonly redis: Redis,
    private readonly records: RunRecords,
  ) {}

  @Handles(SubsidySubjects.policyCreate)
  createPolicy(@Payload('actor') actor: Actor | null, @Payload('document') document: unknown) {
    return this.policies.create(actor, document);
  }

  @Handles(SubsidySubjects.policyImportCheck)
  checkPolicyImport(@Payload('actor') actor: Actor | null, @Payload('text') text: string) {
    const a = requireActor(actor);
    if (!can(a, 'policy.write', { region: null })) return { errors: [{ file: 'policy.json', line: 0, column: '', reason: said('只有科技局可以导入政策', 'only the bureau imports policies') }] };
    return this.policies.checkImport(String(text ?? ''));
  }

  @Handles(SubsidySubjects.policyImport)
  importPolicy(@Payload('actor') actor: Actor | null, @Payload('text') text: string) {
    return this.policies.importPolicy(actor, String(text ?? ''));
  }

  @Handles(SubsidySubjects.policyList)
  listPolicies(@Payload('actor') actor: Actor | null, @Payload('data') data: PageQuery) {
    return this.policies.list(actor, data ?? {});
  }

  @Handles(SubsidySubjects.policyGet)
  getPolicy(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.policies.get(actor, id);
  }

  @Handles(SubsidySubjects.runCreate)
  createRun(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateSubsidyRunDto) {
    return this.runs.create(actor, data);
  }

  @Handles(SubsidySubjects.runList)
  listRuns(@Payload('actor') actor: Actor | null, @Payload('data') data: PageQuery) {
    return this.runs.list(actor, data ?? {});
  }

  @Handles(SubsidySubjects.runGet)
  getRun(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.runs.get(actor, id);
  }

  @Handles(SubsidySubjects.runResults)
  results(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('institution') institution?: string, @Payload('lang') lang?: ExplanationLanguage) {
    return this.runs.results(actor, id, institution || undefined, lang || undefined);
  }

  @Handles(SubsidySubjects.runPublish)
  publish(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.runs.publish(actor, id);
  }

  @Handles(SubsidySubjects.runDelete)
  remove(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.runs.remove(actor, id);
  }

  @Handles(SubsidySubjects.runCompare)
  compare(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('base') base?: string) {
    return this.runs.compare(actor, id, base || undefined);
  }

  /** evaluation(.csv|.xlsx) and evaluation-instruments(.csv|.xlsx) of a run, left in Redis for the gateway to send. */
  @Handles(SubsidySubjects.exportFile)
  async export(@Payload('actor') actor: Actor | null, @Payload('kind') kind: string, @Payload('format') format: string, @Payload('runId') runId: string) {
    if (kind !== 'evaluation' && kind !== 'evaluation-instruments') fail('NOT_FOUND', said(`没有名为 ${kind} 的导出`, `no export ${kind}`));
    if (!runId) fail('VALIDATION_FAILED', said('请指定测算（runId）', 'give runId'), { fields: [{ field: 'runId', reason: said('必须填写', 'required') }] });
    let body: Buffer;
    let count: number;
    if (format === 'xlsx') {
      const { spec, rows } = await this.runs.exportSheet(actor, runId, kind);
      body = await writeWorkbook(spec, rows);
      count = rows.length;
    } else {
      const { header, rows } = await this.runs.exportRows(actor, runId, kind);
      body = Buffer.from(stringify([[...header], ...rows], { record_delimiter: 'unix' }), 'utf8');
      count = rows.length;
    }
    const blobKey = `${this.config.BULLMQ_PREFIX}:export:${randomUUID()}`;
    await this.redis.set(blobKey, body, 'EX', 600);
    return { blobKey, fileName: `${kind}.${format}`, contentType: format === 'xlsx' ? XLSX_CONTENT_TYPE : 'text/csv; charset=utf-8', rows: count };
  }

  @Handles(SubsidySubjects.jobGet)
  async job(@Payload('actor') actor: Actor | null, @Payload('id') id: string): Promise<JobStatus> {
    requireActor(actor);
    if (typeof id !== 'string' || !id.startsWith(`${Queues.subsidyRun}.`)) fail('NOT_FOUND', noSuch('任务', 'job', id));
    const state = await this.queue.getJobState(id);
    const job = await this.queue.getJob(id);
    // Redis no longer has it (restarted without its data): its record tells what became of it.
    const row = job ? null : await this.records.find(id);
    if (!job && !row) fail('NOT_FOUND', noSuch('任务', 'job', id));
    // A run evaluates every institution (of its region): its job is the bureau's (of that region) and auditors' alone, whoever started it.
    authorize(actor, 'job.read', runJobObject(job?.data), noSuch('任务', 'job', id));
    return job ? jobStatus(job, state) : jobStatusFromRecord(row!);
  }

  /** Run a failed subsidy run's job again: it recomputes the same run into the same rows. */
  @Handles(SubsidySubjects.jobRetry)
  async retry(@Payload('actor') actor: Actor | null, @Payload('id') id: string): Promise<JobStatus> {
    requireActor(actor);
    if (typeof id !== 'string' || !id.startsWith(`${Queues.subsidyRun}.`)) fail('NOT_FOUND', noSuch('任务', 'job', id));
    const state = await this.queue.getJobState(id);
    const job = await this.queue.getJob(id);
    if (!job) fail('NOT_FOUND', noSuch('任务', 'job', id));
    const a = authorize(actor, 'job.read', runJobObject(job.data), noSuch('任务', 'job', id));
    authorize(a, 'job.retry', runJobObject(job.data));
    return retryFailedJob(job, state);
  }

  @Handles(SubsidySubjects.jobList)
  async jobs(@Payload('actor') actor: Actor | null): Promise<JobListItemView[]> {
    const a = authorize(actor, 'job.list', {});
    // As GET /jobs/:id: a run evaluates every institution, so its job is the bureau's and auditors'.
    return visibleJobs(this.queue, a, (job) => runJobObject(job.data as RunJobData | undefined));
  }
}

/** A run's job: the bureau's of the run's region (a job queued before regions, or only on record: the joint officers'). */
function runJobObject(data: RunJobData | undefined): JobObject {
  return { startedBy: null, institutionId: null, region: data?.region ?? null };
}

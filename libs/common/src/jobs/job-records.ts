import { Logger } from '@nestjs/common';
import type { Job, JobsOptions, Queue } from 'bullmq';
import type { JobStatus } from '@yixiang/contracts';
import { jobStatus } from './job-status';

/** The one query a record store needs: the service's own connection (MikroORM's `execute`). */
export type Execute = <T = Record<string, unknown>[]>(sql: string, params?: unknown[]) => Promise<T>;

export interface JobRecordRow {
  id: string;
  queue: string;
  name: string;
  state: string;
  progress: number;
  data: unknown;
  result: unknown;
  reason: unknown;
  attempts: number;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** The DDL of a service's `job_record` table, for its migration (one definition, every owning schema). */
export function jobRecordTableSql(schema: string): string[] {
  return [
    `create table ${schema}.job_record (
      id text primary key,
      queue text not null,
      name text not null,
      state text not null,
      progress integer not null default 0,
      data jsonb,
      result jsonb,
      reason jsonb,
      attempts integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz)`,
    `create index job_record_open on ${schema}.job_record (updated_at) where state in ('waiting', 'active', 'delayed')`,
  ];
}

/**
 * A job's history in PostgreSQL beside BullMQ's in Redis, so that a Redis that lost its data loses no
 * job: each write is an idempotent upsert from a worker or queue event; a completed record is final
 * (a late event of a lost run cannot turn it back). `resumeLost` enqueues again, under the same id, a job
 * whose record says it waited or ran but that BullMQ no longer has — only for queues whose jobs are safe
 * to run twice (settlement and subsidy runs are: they recompute into the same rows).
 */
export class JobRecords {
  private readonly logger = new Logger(JobRecords.name);

  constructor(private readonly execute: Execute, private readonly schema: string) {}

  async write(job: Job, state: string, extra: { result?: unknown; reason?: unknown } = {}): Promise<void> {
    const finished = state === 'completed' || state === 'failed';
    await this.execute(
      `insert into ${this.schema}.job_record as r (id, queue, name, state, progress, data, result, reason, attempts, created_at, updated_at, finished_at)
       values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, to_timestamp(? / 1000.0), now(), ${finished ? 'now()' : 'null'})
       on conflict (id) do update set state = excluded.state, progress = excluded.progress,
         result = coalesce(excluded.result, r.result), reason = case when excluded.state = 'failed' then excluded.reason else null end,
         attempts = greatest(excluded.attempts, r.attempts), updated_at = now(), finished_at = excluded.finished_at
       where r.state <> 'completed'`,
      [job.id, job.queueName, job.name, state, typeof job.progress === 'number' ? Math.round(job.progress) : 0, JSON.stringify(job.data ?? null),
        extra.result === undefined ? null : JSON.stringify(extra.result), extra.reason === undefined ? null : JSON.stringify(extra.reason),
        job.attemptsMade ?? 0, job.timestamp ?? Date.now()],
    );
  }

  /** As write(), but a failed write (the database away) is logged, never thrown into BullMQ's event path. */
  record(job: Job | undefined, state: string, extra: { result?: unknown; reason?: unknown } = {}): void {
    if (!job?.id) return;
    this.write(job, state, extra).catch((error) => this.logger.warn(`job record ${job.id} (${state}) not written: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** A failed job's record keeps the reason as the API shows it. */
  recordFailed(job: Job | undefined): void {
    if (job) this.record(job, 'failed', { reason: jobStatus(job, 'failed').error });
  }

  /** BullMQ's 'failed' event: failed for good, or waiting for its next attempt; the record says which. */
  recordAttemptFailed(job: Job | undefined): void {
    if (job && job.attemptsMade < (job.opts.attempts ?? 1) && !job.finishedOn) this.record(job, 'delayed');
    else this.recordFailed(job);
  }

  async find(id: string): Promise<JobRecordRow | null> {
    const rows = await this.execute<JobRecordRow[]>(`select * from ${this.schema}.job_record where id = ?`, [id]);
    return rows[0] ?? null;
  }

  /**
   * Jobs the record says are waiting or running, untouched for `quietMs`, that BullMQ does not have: Redis
   * lost them. Each is enqueued again under its own id (BullMQ ignores an add of an id it has, so two
   * replicas doing this at once add it once) and its record marked 'interrupted' until a worker takes it.
   */
  async resumeLost(queue: Queue, options: JobsOptions, quietMs = 15000): Promise<string[]> {
    const open = await this.execute<JobRecordRow[]>(
      `select * from ${this.schema}.job_record where queue = ? and state in ('waiting', 'active', 'delayed', 'interrupted') and updated_at < now() - (? || ' milliseconds')::interval order by created_at limit 100`,
      [queue.name, String(quietMs)],
    );
    const resumed: string[] = [];
    for (const row of open) {
      if (await queue.getJob(row.id)) continue;
      await queue.add(row.name, row.data, { ...options, jobId: row.id });
      await this.execute(`update ${this.schema}.job_record set state = 'interrupted', updated_at = now() where id = ? and state <> 'completed'`, [row.id]);
      this.logger.warn(`job ${row.id} was ${row.state} but Redis no longer had it; enqueued again under the same id`);
      resumed.push(row.id);
    }
    return resumed;
  }
}

/** GET /jobs/:id from the record, when BullMQ no longer has the job. */
export function jobStatusFromRecord(row: JobRecordRow): JobStatus {
  const honest = row.state === 'waiting' || row.state === 'active' || row.state === 'delayed' ? 'interrupted' : row.state;
  const status: JobStatus = {
    id: row.id,
    state: (['completed', 'failed', 'interrupted'].includes(honest) ? honest : 'lost') as JobStatus['state'],
    progress: row.progress,
    attemptsMade: row.attempts,
  };
  if (row.state === 'completed' && row.result !== null) status.result = row.result;
  if (row.state === 'failed' && row.reason) status.error = row.reason as JobStatus['error'];
  return status;
}

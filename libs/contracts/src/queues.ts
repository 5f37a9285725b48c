import type { Said, Text } from '@yixiang/domain';
import { ApiProperty } from '@nestjs/swagger';
import type { Job, JobsOptions, Queue } from 'bullmq';
import type { Actor } from './auth';
import { ApiInstant, ApiInteger } from './openapi';

/** BullMQ queue and job names: one place, so producers and workers cannot drift apart. */
export const Queues = {
  catalogueImport: 'catalogue-import',
  cataloguePrices: 'catalogue-prices',
  billingSettlement: 'billing-settlement',
  subsidyRun: 'subsidy-run',
  bookingPolicy: 'booking-policy',
  /** E-mails, group robot messages and webhook calls, one job per delivery (issue 19). Never rename: jobs wait under it. */
  notificationDelivery: 'notification-delivery',
} as const;

export const JobNames = {
  importBundle: 'import-bundle',
  refreshDuePrices: 'refresh-due-prices',
  settlePeriod: 'settle-period',
  settleMonthly: 'settle-monthly',
  runSubsidy: 'run-subsidy',
  sweepBookingPolicy: 'sweep-booking-policy',
  deliver: 'deliver',
} as const;

/** Data of a subsidy run's job: the run row holds everything else. */
export interface RunJobData {
  runId: string;
  actor: Actor;
  /** The run's region (issue 16: its regional bureau officers see the job); absent on jobs queued before. */
  region?: string | null;
  correlationId?: string;
}

/** The price refresh carries nothing: the database knows which prices are due. */
export type PriceRefreshJobData = Record<string, never>;

/**
 * Each queue with its job names and each job's data: the one declaration producers (`queue.add`)
 * and processors (`job.data`) are typed from, through JobQueue and QueuedJob.
 */
export interface QueueJobs {
  [Queues.catalogueImport]: { [JobNames.importBundle]: ImportJobData };
  [Queues.cataloguePrices]: { [JobNames.refreshDuePrices]: PriceRefreshJobData };
  /** The monthly scheduler's job is added with no data: it settles every provider (settlementProviderOf). */
  [Queues.billingSettlement]: { [JobNames.settlePeriod]: SettlementJobData; [JobNames.settleMonthly]: SettlementJobData };
  [Queues.subsidyRun]: { [JobNames.runSubsidy]: RunJobData };
  /** The booking-policy sweep carries nothing: it runs at the clock's now. */
  [Queues.bookingPolicy]: { [JobNames.sweepBookingPolicy]: Record<string, never> };
  [Queues.notificationDelivery]: { [JobNames.deliver]: DeliveryJobData };
}

/** Data of a delivery job: the delivery row holds what to send and where (the job id is the delivery's id). */
export interface DeliveryJobData {
  deliveryId: string;
  correlationId?: string;
}

export type QueueName = keyof QueueJobs;
export type JobNameOf<Q extends QueueName> = keyof QueueJobs[Q] & string;
export type JobDataOf<Q extends QueueName> = QueueJobs[Q][keyof QueueJobs[Q]];

/** A queue's BullMQ handle, typed from QueueJobs: `add` takes only its job names and their data. */
export type JobQueue<Q extends QueueName> = Queue<JobDataOf<Q>, unknown, JobNameOf<Q>>;

/** A job of the queue, as its processor receives it. */
export type QueuedJob<Q extends QueueName> = Job<JobDataOf<Q>, unknown, JobNameOf<Q>>;

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  // 3 s, 6 s, … 192 s: eight attempts span six and a half minutes, so a job rides out a database
  // or Redis outage of a few minutes instead of failing after three quick tries.
  attempts: 8,
  backoff: { type: 'exponential', delay: 3000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  // Failed jobs stay so an operator can see and retry them.
  removeOnFail: false,
};

/**
 * Stall settings of every worker. A worker that dies mid-job (SIGKILL, OOM, a host lost) leaves its job
 * "stalled"; BullMQ hands it to another worker but, past `maxStalledCount` stalls, fails it for good
 * ("job stalled more than allowable limit") without ever using `attempts`. BullMQ's default is 1, so a
 * second crash during one settlement failed it; five lets a job ride out several crashes in a row.
 */
export const WORKER_STALL_OPTIONS = { maxStalledCount: 5 } as const;

/** How often every replica registers its job schedulers again: a Redis that lost them has them back within this. */
export const SCHEDULER_REFRESH_MS = 30000;

/**
 * Job ids are `<queue>.<uuid>` (BullMQ forbids ':') so that `GET /jobs/:id` can route the question to the service
 * that owns the queue without the gateway keeping any state.
 */
export function jobIdFor(queue: string, uuid: string): string {
  return `${queue}.${uuid}`;
}

export function queueOfJobId(jobId: string): string | null {
  const i = jobId.indexOf('.');
  return i > 0 ? jobId.slice(0, i) : null;
}

/** Every state a job reports (BullMQ's, and 'interrupted'/'lost' from its PostgreSQL record). */
export const JOB_STATES = ['waiting', 'active', 'completed', 'failed', 'delayed', 'interrupted', 'lost', 'unknown'] as const;

export interface JobStatus {
  id: string;
  /**
   * From the job's record in PostgreSQL when Redis lost the job: 'interrupted' (it waited or ran; it is
   * enqueued again under the same id), 'lost' (nothing will run it again by itself).
   */
  state: (typeof JOB_STATES)[number];
  progress: number;
  result?: unknown;
  /** In both languages as the services keep it; the gateway answers in the asker's. */
  error?: { code: string; message: Text; details?: Record<string, unknown> };
  attemptsMade?: number;
}

/** A job's failure as the API shows it (the error body). */
export class JobErrorView {
  @ApiProperty({ example: 'INTERNAL' }) code!: string;
  @ApiProperty({ example: "the job's worker stopped (crashed or was killed) 6 times while running it; retry it with POST /jobs/{id}/retry" }) message!: string;
  @ApiProperty({ required: false, type: Object }) details?: Record<string, unknown>;
}

/** The response schema of JobStatus (GET /jobs/:id, POST /jobs/:id/retry). */
export class JobStatusView implements JobStatus {
  @ApiProperty({ example: 'billing-settlement.6f1c0a58-3c2e-4b8e-9a57-0d1e6c1f2a11' }) id!: string;
  @ApiProperty({ enum: JOB_STATES }) state!: JobStatus['state'];
  @ApiInteger({ description: '0–100' }) progress!: number;
  @ApiProperty({ required: false, type: Object, additionalProperties: true, description: "the job's result, when completed (an import: { counts }, a settlement: { periods }, a run: { institutions, totalFen })" })
  result?: Record<string, unknown>;
  @ApiProperty({ required: false, type: JobErrorView, description: 'why it failed, when failed' }) error?: JobErrorView;
  @ApiInteger({ required: false, description: 'attempts made so far (a retry starts again from 0)' }) attemptsMade?: number;
}

/** One job in GET /jobs (operators): what it is, how far it got, and why it failed. */
export class JobListItemView {
  @ApiProperty({ example: 'billing-settlement.6f1c0a58-3c2e-4b8e-9a57-0d1e6c1f2a11' }) id!: string;
  @ApiProperty({ enum: Object.values(Queues) }) queue!: string;
  @ApiProperty({ example: 'settle-period' }) name!: string;
  @ApiProperty({ enum: JOB_STATES }) state!: JobStatus['state'];
  @ApiInteger({ description: '0–100' }) progress!: number;
  @ApiInteger() attemptsMade!: number;
  @ApiProperty({ type: JobErrorView, nullable: true, description: 'why it failed, when failed' }) error!: JobErrorView | null;
  @ApiInstant({ example: '2026-06-01T02:00:00.000Z' }) createdAt!: string;
  @ApiInstant({ nullable: true }) finishedAt!: string | null;
}

export class JobPage {
  @ApiProperty({ type: [JobListItemView] }) items!: JobListItemView[];
  @ApiInteger() total!: number;
  @ApiInteger() page!: number;
  @ApiInteger() pageSize!: number;
}

/** Each service answers GET /jobs with at most this many of its newest jobs; the gateway merges and pages them. */
export const JOB_LIST_LIMIT = 200;

/** Data of an import job: the bundle itself waits in Redis under `blobKey` (NATS and job data stay small). */
export interface ImportJobData {
  blobKey: string;
  actor: import('./auth').Actor;
  fileName: string;
  correlationId?: string;
}

export const IMPORT_BLOB_TTL_SECONDS = 24 * 3600;

/**
 * Keys beside an uploaded bundle's own (same TTL). The catalogue unzips an upload once, under
 * limits, and stages here what the billing service needs of it: each of billing's files as text,
 * the codes the bundle's catalogue files define, and (while its transaction is open) the ids
 * those codes have; billing answers its bad cells under its own key.
 */
export const ImportKeys = {
  file: (blobKey: string, file: string) => `${blobKey}:file:${file}`,
  codes: (blobKey: string) => `${blobKey}:codes`,
  resolved: (blobKey: string) => `${blobKey}:resolved`,
  billingErrors: (blobKey: string) => `${blobKey}:billing-errors`,
} as const;

/** The catalogue's request to billing about a bundle it is importing; the files wait in Redis (ImportKeys). */
export interface BillingImportRequest {
  actor: import('./auth').Actor;
  blobKey: string;
  /** Billing's files present in the bundle, each staged under ImportKeys.file. */
  files: string[];
}

/** Billing's check of its files: how many bad cells, all of them as a JSON array under `errorsKey`. */
export interface BillingImportCheckReply {
  total: number;
  errorsKey: string | null;
}

/** What the bundle's own catalogue files define, for billing's references (staged under ImportKeys.codes). */
export interface BundleCodes {
  /** Instrument code → owner institution code. */
  instruments: [string, string][];
  /** User code → institution code. */
  users: [string, string][];
  institutions: string[];
}

/**
 * Bad cells an import job's own error carries: a summary. All of them, however many, are paged
 * from GET /jobs/:id/cells (a job's error travels in NATS replies, which are bounded).
 */
export const IMPORT_SUMMARY_CELLS = 20;

/** One bad cell of an exchange bundle: where it is and why it is wrong (exchange.md). */
export interface CellError {
  file: string;
  /** 1-based; 0: the file as a whole. */
  line: number;
  column: string;
  /** Both languages while it travels and is stored; the gateway writes the asker's. */
  reason: Said;
}

/** One bad cell of an import (exchange.md): file, 1-based line (0: the file as a whole), column and why. */
export class ImportCellView implements Omit<CellError, 'reason'> {
  @ApiProperty({ example: 'instruments.csv' }) file!: string;
  @ApiInteger({ example: 3 }) line!: number;
  @ApiProperty({ example: 'originalValueFen', description: 'empty when the problem is the row or the file' }) column!: string;
  @ApiProperty({ example: '"65O000000" 不是整数（金额以分计）', description: 'In the language Accept-Language prefers (Chinese by default)' }) reason!: string;
}

/** A page of an import job's bad cells, in the order they were found (pagination.ts). */
export class ImportCellPage {
  @ApiProperty({ type: [ImportCellView] }) items!: ImportCellView[];
  @ApiInteger() total!: number;
  @ApiInteger() page!: number;
  @ApiInteger() pageSize!: number;
}

/** Data of a settlement job: one month, settled with every earlier month that still has unsettled records. */
export interface SettlementJobData {
  period: string;
  /** A range run (POST /settlements/range): every month from `period` through this one, in order; absent: `period` alone. */
  through?: string;
  actor: import('./auth').Actor;
  /** Only this provider's statements (an institution admin's run); null or absent on the bureau's: every provider. */
  providerInstitutionId?: string | null;
  /** Only the providers of this region (a regional bureau officer's run, issue 16); null or absent: no limit by region. */
  region?: string | null;
  correlationId?: string;
}

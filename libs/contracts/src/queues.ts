import type { JobsOptions } from 'bullmq';

/** BullMQ queue and job names: one place, so producers and workers cannot drift apart. */
export const Queues = {
  catalogueImport: 'catalogue-import',
  cataloguePrices: 'catalogue-prices',
  billingSettlement: 'billing-settlement',
  subsidyRun: 'subsidy-run',
} as const;

export const JobNames = {
  importBundle: 'import-bundle',
  refreshDuePrices: 'refresh-due-prices',
  settlePeriod: 'settle-period',
  settleMonthly: 'settle-monthly',
  runSubsidy: 'run-subsidy',
} as const;

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  // Failed jobs stay so an operator can see and retry them.
  removeOnFail: false,
};

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

export interface JobStatus {
  id: string;
  state: 'waiting' | 'active' | 'completed' | 'failed' | 'delayed' | 'unknown';
  progress: number;
  result?: unknown;
  error?: { code: string; message: string; details?: Record<string, unknown> };
  attemptsMade?: number;
}

/** Data of an import job: the bundle itself waits in Redis under `blobKey` (NATS and job data stay small). */
export interface ImportJobData {
  blobKey: string;
  actor: import('./auth').Actor;
  fileName: string;
  correlationId?: string;
}

export const IMPORT_BLOB_TTL_SECONDS = 24 * 3600;

/** Data of a settlement job: one month, settled with every earlier month that still has unsettled records. */
export interface SettlementJobData {
  period: string;
  actor: import('./auth').Actor;
  /** Only this provider's statements (an institution admin's run); null or absent on the bureau's: every provider. */
  providerInstitutionId?: string | null;
  correlationId?: string;
}

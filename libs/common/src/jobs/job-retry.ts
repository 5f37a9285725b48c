import type { Job } from 'bullmq';
import type { JobStatus } from '@yixiang/contracts';
import { fail } from '../errors/rpc-error';
import { said } from '@yixiang/domain';

/**
 * POST /jobs/:id/retry: a failed job runs again under the same id, with its attempts counted afresh.
 * Only a failed one: a waiting, running or completed job is refused (409), so a double click or two
 * operators cannot run a settlement twice at once. The caller has checked who may retry it.
 */
export async function retryFailedJob(job: Job, state: string): Promise<JobStatus> {
  if (state !== 'failed') fail('ILLEGAL_TRANSITION', said(`任务 ${job.id} 当前状态为 ${state}，只有失败的任务可以重试`, `job ${job.id} is ${state}, not failed; only a failed job can be retried`), { state });
  try {
    await job.retry('failed');
  } catch {
    // Another operator (or the scheduler's housekeeping) moved it first.
    fail('ILLEGAL_TRANSITION', said(`任务 ${job.id} 已在重试中`, `job ${job.id} is no longer failed; it is already being retried`));
  }
  return { id: job.id as string, state: 'waiting', progress: 0, attemptsMade: 0 };
}

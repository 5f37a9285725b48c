import type { Job } from 'bullmq';
import type { JobStatus } from '@yixiang/contracts';

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
      status.error = { code: 'INTERNAL', message: 'the job failed; an operator can see the reason and retry it', details: { reason: job.failedReason } };
    }
  }
  return status;
}


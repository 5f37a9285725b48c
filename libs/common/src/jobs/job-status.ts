import type { Job } from 'bullmq';
import type { JobStatus } from '@yixiang/contracts';
import { said } from '@yixiang/domain';

const STALLED = /stalled more than allowable limit/;

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
      if (STALLED.test(job.failedReason ?? '')) {
        // BullMQ's own reason when the job's worker died more often than maxStalledCount allows: safe to
        // show, and what an operator needs to know (nothing was wrong with the job itself).
        status.error = { code: 'INTERNAL', message: said(`任务的执行进程已中断 ${job.stalledCounter ?? '多'} 次（崩溃或被终止），请重试该任务`, `the job's worker stopped (crashed or was killed) ${job.stalledCounter ?? 'too many'} times while running it; retry it with POST /jobs/${job.id}/retry`), details: { reason: 'stalled' } };
        return status;
      }
      // Not one of our error bodies: a driver's or library's text, which may quote SQL or data. The
      // operator reads it in BullMQ and the service's log; the client is told no more than this.
      status.error = { code: 'INTERNAL', message: said('任务失败；管理员可在服务日志中查看原因并重试', `the job failed; an operator can see the reason in the service's log and retry it with POST /jobs/${job.id}/retry`) };
    }
  }
  return status;
}


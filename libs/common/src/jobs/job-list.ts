import type { Job, Queue } from 'bullmq';
import { JOB_LIST_LIMIT, JobListItemView } from '@yixiang/contracts';
import { can, type JobObject, type PermissionActor } from '@yixiang/domain';
import { jobStatus } from './job-status';

/**
 * A service's part of GET /jobs: its newest jobs (at most JOB_LIST_LIMIT) that the caller may read, each
 * with its state and failure reason, newest first. `objectOf` is the same object its GET /jobs/:id
 * authorizes, so the list never shows a job that the job's own page would hide.
 */
export async function visibleJobs(queue: Queue, actor: PermissionActor, objectOf: (job: Job) => JobObject): Promise<JobListItemView[]> {
  const jobs = (await queue.getJobs(['active', 'waiting', 'prioritized', 'waiting-children', 'delayed', 'completed', 'failed'], 0, JOB_LIST_LIMIT - 1))
    .filter((j): j is Job => Boolean(j?.id) && can(actor, 'job.read', objectOf(j)));
  jobs.sort((x, y) => y.timestamp - x.timestamp);
  return Promise.all(jobs.slice(0, JOB_LIST_LIMIT).map(async (job) => {
    const status = jobStatus(job, await job.getState());
    return {
      id: job.id as string, queue: queue.name, name: job.name, state: status.state, progress: status.progress, attemptsMade: job.attemptsMade,
      // Both languages (a Said message) until the gateway's GET /jobs writes the asker's.
      error: (status.error ?? null) as JobListItemView['error'], createdAt: new Date(job.timestamp).toISOString(), finishedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    };
  }));
}

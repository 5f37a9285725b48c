import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: NATS handling is mostly milliseconds; a settlement or import job runs minutes. */
const MESSAGE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];
const REBUILD_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The knex (tarn) pool under MikroORM, as far as the metrics read it. */
export interface PoolView {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max?: number;
}

/** BullMQ's Queue and Worker, as far as the metrics read them (libs/common does not import bullmq). */
export interface QueueView {
  name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}
export interface JobView {
  processedOn?: number;
  finishedOn?: number;
}
export interface WorkerView {
  name: string;
  on(event: 'completed', listener: (job: JobView) => void): unknown;
  on(event: 'failed', listener: (job: JobView | undefined) => void): unknown;
}

/** Queue states a gauge series is kept for (BullMQ's own names). */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed', 'paused'] as const;

type Observer = { observe(value: number): void };

/**
 * One service process's Prometheus series (names `yixiang_…`, every series labelled with the
 * service). What can be read when Prometheus asks (queue depth, pool use, backlogs) is read then,
 * never on the request path; what happens per message or job is counted as it happens.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly handlingBySubject = new Map<string, Observer>();
  private readonly queues: QueueView[] = [];
  private pool: (() => PoolView | undefined) | null = null;

  readonly natsHandling = new Histogram({
    name: 'yixiang_nats_handling_duration_seconds', help: 'NATS requests handled, from arrival to reply, per subject',
    labelNames: ['subject'], buckets: MESSAGE_BUCKETS, registers: [this.registry],
  });
  readonly natsErrors = new Counter({
    name: 'yixiang_nats_handling_errors_total', help: 'NATS requests answered with an error, per subject and error code',
    labelNames: ['subject', 'code'], registers: [this.registry],
  });
  readonly jobsCompleted = new Counter({ name: 'yixiang_jobs_completed_total', help: 'Jobs this process finished, per queue', labelNames: ['queue'], registers: [this.registry] });
  readonly jobsFailed = new Counter({ name: 'yixiang_jobs_failed_total', help: 'Job attempts that failed in this process, per queue (a job retried fails once per attempt)', labelNames: ['queue'], registers: [this.registry] });
  readonly jobDuration = new Histogram({
    name: 'yixiang_job_duration_seconds', help: 'Run time of the jobs this process finished (completed or failed), per queue',
    labelNames: ['queue', 'outcome'], buckets: JOB_BUCKETS, registers: [this.registry],
  });
  readonly searchIndexRebuilds = new Counter({ name: 'yixiang_search_index_rebuilds_total', help: 'Whole rebuilds of the search index main segment', registers: [this.registry] });
  readonly searchIndexRebuildDuration = new Histogram({
    name: 'yixiang_search_index_rebuild_duration_seconds', help: 'Refreshes of the search index that rebuilt it, how long each blocked the process',
    buckets: REBUILD_BUCKETS, registers: [this.registry],
  });

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    // collect() runs with the gauge as `this`: the service's queues and pool reach it through these.
    const queues = this.queues;
    const currentPool = () => this.pool?.();
    new Gauge({
      name: 'yixiang_queue_jobs', help: 'Jobs in each BullMQ queue of the service, per state (read at scrape time; every replica reports the same queue)',
      labelNames: ['queue', 'state'], registers: [this.registry],
      async collect() {
        await Promise.all(queues.map(async (queue) => {
          const counts = await queue.getJobCounts(...QUEUE_STATES).catch(() => null);
          if (!counts) return;
          for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }));
      },
    });
    new Gauge({
      name: 'yixiang_db_pool_connections', help: 'PostgreSQL connections of this process’s pool, in use or idle',
      labelNames: ['state'], registers: [this.registry],
      collect() {
        const pool = currentPool();
        if (!pool) return;
        this.set({ state: 'in_use' }, pool.numUsed());
        this.set({ state: 'idle' }, pool.numFree());
      },
    });
    new Gauge({
      name: 'yixiang_db_pool_waiting', help: 'Queries waiting for a PostgreSQL connection of this process’s pool',
      registers: [this.registry],
      collect() {
        const pool = currentPool();
        if (pool) this.set(pool.numPendingAcquires());
      },
    });
    new Gauge({
      name: 'yixiang_db_pool_max', help: 'The most connections this process’s pool opens',
      registers: [this.registry],
      collect() {
        const pool = currentPool();
        if (pool?.max !== undefined) this.set(pool.max);
      },
    });
  }

  /**
   * One NATS request handled. On the hot path of every message: the labelled child is looked up
   * once per subject and kept (prom-client would hash the label object on every call).
   */
  handled(subject: string, seconds: number, errorCode?: string): void {
    let observer = this.handlingBySubject.get(subject);
    if (!observer) {
      observer = this.natsHandling.labels(subject);
      this.handlingBySubject.set(subject, observer);
    }
    observer.observe(seconds);
    if (errorCode !== undefined) this.natsErrors.inc({ subject, code: errorCode });
  }

  /** The pool is looked up at each scrape: knex may replace it when the ORM reconnects. */
  watchPool(pool: () => PoolView | undefined): void {
    this.pool = pool;
  }

  watchQueue(queue: QueueView): void {
    if (!this.queues.some((q) => q.name === queue.name)) this.queues.push(queue);
  }

  watchWorker(worker: WorkerView): void {
    const queue = worker.name;
    const duration = (job: JobView | undefined, outcome: string) => {
      if (job?.processedOn && job.finishedOn) this.jobDuration.observe({ queue, outcome }, (job.finishedOn - job.processedOn) / 1000);
    };
    worker.on('completed', (job) => {
      this.jobsCompleted.inc({ queue });
      duration(job, 'completed');
    });
    worker.on('failed', (job) => {
      this.jobsFailed.inc({ queue });
      duration(job, 'failed');
    });
    // Zero series from the start, so rate() and the dashboard see the queue before its first job.
    this.jobsCompleted.inc({ queue }, 0);
    this.jobsFailed.inc({ queue }, 0);
  }

  /** A gauge of the service's own, read when Prometheus asks (an outbox backlog, a consumer's lag). */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<[Record<string, string>, number][]>): void {
    // Once per process: a second registration (a module initialised again in a test) keeps the first.
    if (this.registry.getSingleMetric(name)) return;
    new Gauge({
      name, help, labelNames, registers: [this.registry],
      async collect() {
        const values = await read().catch(() => []);
        this.reset();
        for (const [labels, value] of values) this.set(labels, value);
      },
    });
  }

  /** The Prometheus text exposition. */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { JobQueue, Queues } from '@yixiang/contracts';
import { lostImportAction } from '@yixiang/domain';
import { CatalogueConfig } from '../config';
import { ImportService } from './import.service';
import { ImportsRepository } from './imports.repository';

/** BullMQ states of a job that will still run. */
const ALIVE = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Finds imports whose job is gone (Redis restarted without persistence, a worker killed, retries
 * spent on a transient fault) and completes them from the stored bundle under the same job id, or,
 * resumed too often, rolls them back: never left half. Every replica sweeps; two resuming one
 * import at once add one job (BullMQ dedups by id).
 */
@Injectable()
export class ImportSweep implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ImportSweep.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly store: ImportsRepository,
    private readonly imports: ImportService,
    @InjectQueue(Queues.catalogueImport) private readonly queue: JobQueue<typeof Queues.catalogueImport>,
    private readonly config: CatalogueConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.tick(), this.config.IMPORT_SWEEP_SECONDS * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.sweep();
    } catch (error) {
      // Redis or PostgreSQL away: the next tick tries again.
      this.logger.warn(`import sweep: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }

  async sweep(): Promise<void> {
    for (const open of await this.store.idle(this.config.IMPORT_LOST_GRACE_SECONDS)) {
      const job = await this.queue.getJob(open.jobId);
      const state = job ? await this.queue.getJobState(open.jobId) : 'unknown';
      const action = lostImportAction({ ...open, jobAlive: ALIVE.has(state) }, { graceSeconds: this.config.IMPORT_LOST_GRACE_SECONDS, maxResumes: this.config.IMPORT_MAX_RESUMES });
      if (action === 'leave') continue;
      if (action === 'roll-back') {
        this.logger.warn(`import ${open.jobId} lost ${open.resumes} times; rolled back`);
        await this.store.finish(open.jobId, 'rolled-back', { code: 'INTERNAL', message: '导入多次中断，已回滚，未写入任何内容 / the import was interrupted too often and rolled back; nothing was imported' });
        continue;
      }
      // A finished job under the id would swallow the new one: it goes first.
      if (job) await job.remove();
      await this.store.resumed(open.jobId);
      await this.imports.enqueue(open.jobId, { blobKey: open.stagingKey, actor: open.actor, fileName: open.fileName, correlationId: open.correlationId ?? undefined });
      this.logger.warn(`import ${open.jobId} had no job (state ${state}); resumed from the stored bundle`);
    }
  }
}

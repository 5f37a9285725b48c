import { InjectRedis } from './redis.token';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import type Redis from 'ioredis';
import { ImportJobData, Queues } from '@yixiang/contracts';
import { BundleError, PG_EXCLUSION_VIOLATION, pgCode, withCorrelation } from '@yixiang/common';
import { ImportService, MAX_REPORTED_CELLS } from './import.service';

/** One worker per queue; replicas of the catalogue share the jobs. */
@Processor(Queues.catalogueImport, { concurrency: 1 })
export class ImportProcessor extends WorkerHost {
  private readonly logger = new Logger(ImportProcessor.name);

  constructor(
    private readonly imports: ImportService,
    @InjectRedis() private readonly redis: Redis,
  ) {
    super();
  }

  async process(job: Job<ImportJobData>): Promise<unknown> {
    return withCorrelation(job.data.correlationId, async () => {
      const bytes = await this.redis.getBuffer(job.data.blobKey);
      if (!bytes) throw new UnrecoverableError(JSON.stringify({ code: 'NOT_FOUND', message: 'the uploaded bundle has expired; upload it again' }));
      try {
        const result = await this.imports.importBundle(new Uint8Array(bytes), job.data.actor, (p) => job.updateProgress(p), job.data.blobKey);
        this.logger.log(`import ${job.id} done: ${JSON.stringify(result.counts)}`);
        await this.redis.del(job.data.blobKey);
        return result;
      } catch (error) {
        if (error instanceof BundleError) {
          const cells = error.cells.slice(0, MAX_REPORTED_CELLS);
          const first = cells[0];
          const message = `the bundle was not imported: ${error.cells.length} bad cell${error.cells.length === 1 ? '' : 's'}` +
            (first ? `; first: ${first.file} line ${first.line}${first.column ? ` column ${first.column}` : ''}: ${first.reason}` : '');
          await this.redis.del(job.data.blobKey);
          throw new UnrecoverableError(JSON.stringify({ code: 'VALIDATION_FAILED', message, details: { cells, totalBadCells: error.cells.length } }));
        }
        if (pgCode(error) === PG_EXCLUSION_VIOLATION) {
          throw new UnrecoverableError(JSON.stringify({ code: 'RATE_CARD_OVERLAP', message: 'rate cards of one instrument and service mode would overlap (changed by someone else meanwhile); nothing was imported' }));
        }
        throw error;
      }
    });
  }
}

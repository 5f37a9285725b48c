import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { UnrecoverableError } from 'bullmq';
import { IMPORT_SUMMARY_CELLS, isErrorBody, QueuedJob, Queues, SaidErrorBody, WORKER_STALL_OPTIONS } from '@yixiang/contracts';
import { said } from '@yixiang/domain';
import { BundleError, PG_EXCLUSION_VIOLATION, pgCode, withCorrelation } from '@yixiang/common';
import { ImportService } from './import.service';
import { ImportsRepository } from './imports.repository';

/** Errors of another service that running the job again may cure (it was away, or broke for a moment). */
const TRANSIENT = new Set(['SERVICE_UNAVAILABLE', 'INTERNAL']);

/** One worker per queue; replicas of the catalogue share the jobs. */
@Processor(Queues.catalogueImport, { concurrency: 1, ...WORKER_STALL_OPTIONS })
export class ImportProcessor extends WorkerHost {
  private readonly logger = new Logger(ImportProcessor.name);

  constructor(
    private readonly imports: ImportService,
    private readonly store: ImportsRepository,
  ) {
    super();
  }

  /**
   * What a job keeps (its result, or its error as JSON in BullMQ's failedReason) is small by
   * construction: it is sent whole in every GET /jobs/:id reply. A report of bad cells keeps a
   * summary; all of its cells go to the report table. An error's text is ours, never a driver's
   * (which quotes the SQL): anything unforeseen is logged here and reported as INTERNAL.
   */
  async process(job: QueuedJob<typeof Queues.catalogueImport>): Promise<unknown> {
    return withCorrelation(job.data.correlationId, async () => {
      const jobId = job.id as string;
      const stored = await this.store.find(jobId);
      if (stored?.state === 'applied') return { counts: {} };
      const bytes = stored ? await this.store.bytes(jobId) : null;
      if (!bytes) {
        const body = { code: 'NOT_FOUND', message: said('上传的数据包已不存在，请重新上传', 'the uploaded bundle is gone; upload it again') };
        if (stored) await this.store.finish(jobId, 'failed', body);
        throw new UnrecoverableError(JSON.stringify(body));
      }
      await this.store.applying(jobId);
      try {
        const result = await this.run(job, bytes);
        this.logger.log(`import ${job.id} done: ${JSON.stringify(result.counts)}`);
        await this.imports.discard(job.data.blobKey);
        return result;
      } catch (error) {
        // Refused for good: recorded as such (the bytes go). Anything else leaves the import
        // 'applying', to be run again by BullMQ's retries or, once they are spent or the job is
        // lost, by the ImportSweep.
        if (error instanceof UnrecoverableError) {
          await this.store.finish(jobId, 'failed', parseBody(error.message));
          await this.imports.discard(job.data.blobKey);
        }
        throw error;
      }
    });
  }

  private async run(job: QueuedJob<typeof Queues.catalogueImport>, bytes: Buffer): Promise<{ counts: unknown }> {
    {
      try {
        return await this.imports.importBundle(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), job.data.actor, (p) => job.updateProgress(p), job.data.blobKey, job.id as string);
      } catch (error) {
        if (error instanceof BundleError) {
          await this.store.storeCells(job.id as string, error.cells);
          await this.imports.discard(job.data.blobKey);
          const cells = error.cells.slice(0, IMPORT_SUMMARY_CELLS);
          const first = cells[0];
          const message = said(
            `数据包未导入：有 ${error.cells.length} 个错误单元格` + (first ? `；第一个：${first.file} 第 ${first.line} 行${first.column ? `“${first.column}”列` : ''}：${first.reason.zh}` : ''),
            `the bundle was not imported: ${error.cells.length} bad cell${error.cells.length === 1 ? '' : 's'}` +
            (first ? `; first: ${first.file} line ${first.line}${first.column ? ` column ${first.column}` : ''}: ${first.reason.en}` : ''));
          throw new UnrecoverableError(JSON.stringify({
            code: 'VALIDATION_FAILED', message: said(message.zh.slice(0, 2000), message.en.slice(0, 2000)),
            details: { cells, totalBadCells: error.cells.length, report: `/api/v1/jobs/${job.id}/cells` },
          }));
        }
        if (pgCode(error) === PG_EXCLUSION_VIOLATION) {
          throw new UnrecoverableError(JSON.stringify({ code: 'RATE_CARD_OVERLAP', message: said('同一仪器同一服务方式的价目卡有效期会重叠（有人同时做了修改），未导入任何内容', 'rate cards of one instrument and service mode would overlap (changed by someone else meanwhile); nothing was imported') }));
        }
        const other = error instanceof RpcException ? error.getError() : null;
        if (isErrorBody(other)) {
          // Another service refused its part after the check; the catalogue's transaction rolled back with it.
          const text = typeof other.message === 'string' ? said(other.message, other.message) : other.message;
          const body: SaidErrorBody = { code: other.code, message: said(`未导入任何内容：${text.zh}`.slice(0, 2000), `nothing was imported: ${text.en}`.slice(0, 2000)), details: { ...summary(other.details) } };
          this.logger.warn(`import ${job.id}: ${other.code} ${text.en}`);
          // NOT_FOUND while applying: billing's staged files went with Redis; the next run stages them again.
          if (TRANSIENT.has(other.code) || other.code === 'NOT_FOUND') throw new Error(JSON.stringify(body));
          throw new UnrecoverableError(JSON.stringify(body));
        }
        this.logger.error(`import ${job.id} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        throw new Error(JSON.stringify({ code: 'INTERNAL', message: said('导入失败，未写入任何内容；管理员可在目录服务日志中查看原因并重试', 'the import failed and nothing was imported; an operator can see why in the catalogue log and retry the job') }));
      }
    }
  }
}

function parseBody(text: string): SaidErrorBody {
  try {
    return JSON.parse(text) as SaidErrorBody;
  } catch {
    return { code: 'INTERNAL', message: said('导入失败，未写入任何内容', 'the import failed; nothing was imported') };
  }
}

/** Another service's error details, bounded like ours: its cells cut to the summary's length. */
function summary(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!details) return {};
  const out: Record<string, unknown> = { ...details };
  if (Array.isArray(out.cells)) out.cells = out.cells.slice(0, IMPORT_SUMMARY_CELLS);
  return out;
}

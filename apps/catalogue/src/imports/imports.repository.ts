import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, JobStatus, Page } from '@yixiang/contracts';
import { boundQuery, CellError, pgArray } from '@yixiang/common';
import { ImportState, importJobState, said } from '@yixiang/domain';

export interface StoredImport {
  jobId: string;
  fileName: string;
  actor: Actor;
  correlationId: string | null;
  stagingKey: string;
  state: ImportState;
  resumes: number;
  idleSeconds: number;
}

interface Row {
  job_id: string; file_name: string; actor: Actor; correlation_id: string | null; staging_key: string; state: ImportState; resumes: number; idle_seconds: number;
  result: unknown; error: JobStatus['error'] | null;
}

/** Cells per INSERT: 200,000 cells go in 20 statements of bound arrays, not one of 50 MB. */
const CELL_BATCH = 10000;

const COLUMNS = `job_id, file_name, actor, correlation_id, staging_key, state, resumes, extract(epoch from now() - updated_at)::int as idle_seconds, result, error`;

/**
 * The SQL of imports: uploaded bundles and their imports' states in PostgreSQL
 * (catalogue.import_bundle), so that what Redis holds of an import (its job, the staged files) can
 * be rebuilt from here, nothing here from Redis; and the bad cells of failed imports, all of them,
 * keyed by job id (catalogue.import_cell_error), stored once when the job fails and paged by
 * GET /jobs/:id/cells.
 */
@Injectable()
export class ImportsRepository {
  constructor(private readonly orm: MikroORM) {}

  private get em(): EntityManager {
    return this.orm.em.fork();
  }

  async save(jobId: string, stagingKey: string, fileName: string, actor: Actor, correlationId: string | undefined, bytes: Buffer): Promise<void> {
    await boundQuery(this.em, `insert into catalogue.import_bundle (job_id, staging_key, file_name, actor, correlation_id, bytes) values (?, ?, ?, ?::jsonb, ?, ?)`,
      [jobId, stagingKey, fileName, JSON.stringify(actor), correlationId ?? null, bytes]);
  }

  async bytes(jobId: string): Promise<Buffer | null> {
    const [row] = await boundQuery<{ bytes: Buffer | null }>(this.em, `select bytes from catalogue.import_bundle where job_id = ?`, [jobId]);
    return row?.bytes ?? null;
  }

  async find(jobId: string): Promise<StoredImport | null> {
    const [row] = await boundQuery<Row>(this.em, `select ${COLUMNS} from catalogue.import_bundle where job_id = ?`, [jobId]);
    return row ? toImport(row) : null;
  }

  /** Open imports idle longer than the grace: candidates for the sweep. */
  async idle(graceSeconds: number): Promise<StoredImport[]> {
    const rows = await boundQuery<Row>(this.em, `select ${COLUMNS} from catalogue.import_bundle
      where state in ('uploaded', 'applying') and updated_at < now() - make_interval(secs => ?) order by updated_at limit 100`, [graceSeconds]);
    return rows.map(toImport);
  }

  async applying(jobId: string): Promise<void> {
    await boundQuery(this.em, `update catalogue.import_bundle set state = 'applying', updated_at = now() where job_id = ? and state in ('uploaded', 'applying')`, [jobId]);
  }

  /**
   * Written inside the catalogue's import transaction, so the import is 'applied' exactly when the
   * catalogue's rows are committed (billing's part commits just before, idempotently: see writeAll).
   */
  async applied(tx: EntityManager, jobId: string, result: unknown): Promise<void> {
    await boundQuery(tx, `update catalogue.import_bundle set state = 'applied', result = ?::jsonb, bytes = null, updated_at = now() where job_id = ?`, [JSON.stringify(result), jobId]);
  }

  /** A final state other than applied: the bundle's bytes go (nothing is left to resume). */
  async finish(jobId: string, state: 'failed' | 'rolled-back', error: JobStatus['error']): Promise<void> {
    await boundQuery(this.em, `update catalogue.import_bundle set state = ?, error = ?::jsonb, bytes = null, updated_at = now() where job_id = ? and state <> 'applied'`,
      [state, JSON.stringify(error ?? null), jobId]);
  }

  async resumed(jobId: string): Promise<void> {
    await boundQuery(this.em, `update catalogue.import_bundle set resumes = resumes + 1, updated_at = now() where job_id = ?`, [jobId]);
  }

  /**
   * GET /jobs/:id for an import BullMQ no longer has (Redis restarted without persistence, or the
   * job was removed): its stored state. The one lookup the generic job records may replace.
   */
  async jobStatus(jobId: string): Promise<{ status: JobStatus; startedBy: string } | null> {
    const [row] = await boundQuery<Row>(this.em, `select ${COLUMNS} from catalogue.import_bundle where job_id = ?`, [jobId]);
    if (!row) return null;
    const state = importJobState(row.state);
    const status: JobStatus = { id: row.job_id, state, progress: state === 'completed' ? 100 : 0 };
    if (state === 'completed') status.result = row.result;
    if (state === 'failed') status.error = row.error ?? { code: 'INTERNAL', message: said('导入未完成，未写入任何内容', 'the import did not complete; nothing was imported') };
    return { status, startedBy: row.actor.userId };
  }

  /** Replaces the job's cells (a job run again reports afresh), in one transaction: a reader sees all of a report or none. */
  async storeCells(jobId: string, cells: CellError[]): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      await em.execute(`delete from catalogue.import_cell_error where job_id = ?`, [jobId]);
      for (let start = 0; start < cells.length; start += CELL_BATCH) {
        const batch = cells.slice(start, start + CELL_BATCH);
        await boundQuery(em, `insert into catalogue.import_cell_error (job_id, seq, file, line, "column", reason, reason_en)
          select ?, s.seq, s.file, s.line, s.col, s.reason, s.reason_en
            from unnest(?::int[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[]) as s(seq, file, line, col, reason, reason_en)`, [
          jobId, pgArray(batch.map((_, k) => String(start + k))), pgArray(batch.map((c) => c.file)), pgArray(batch.map((c) => String(c.line))),
          pgArray(batch.map((c) => c.column)), pgArray(batch.map((c) => c.reason.zh)), pgArray(batch.map((c) => c.reason.en)),
        ]);
      }
    });
  }

  /** A page of the job's cells, in the order they were found. */
  async cells(jobId: string, page: number, pageSize: number): Promise<Page<CellError>> {
    const conn = this.orm.em.getConnection();
    const [rows, count] = await Promise.all([
      conn.execute<{ file: string; line: number; column: string; reason: string; reason_en: string | null }[]>(
        `select file, line, "column" as "column", reason, reason_en from catalogue.import_cell_error where job_id = ? order by seq limit ? offset ?`,
        [jobId, pageSize, (page - 1) * pageSize]),
      conn.execute<{ n: string }[]>(`select count(*) as n from catalogue.import_cell_error where job_id = ?`, [jobId]),
    ]);
    // Both texts: the gateway answers in the asker's language (a cell stored before has only one).
    const items = rows.map((r) => ({ file: r.file, line: Number(r.line), column: r.column, reason: said(r.reason, r.reason_en ?? r.reason) }));
    return { items, total: Number(count[0]?.n ?? 0), page, pageSize };
  }
}

function toImport(r: Row): StoredImport {
  return { jobId: r.job_id, fileName: r.file_name, actor: r.actor, correlationId: r.correlation_id, stagingKey: r.staging_key, state: r.state, resumes: r.resumes, idleSeconds: Number(r.idle_seconds) };
}

import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ImportCellView, Page } from '@yixiang/contracts';
import { boundQuery, CellError, pgArray } from '@yixiang/common';

/** Rows per INSERT: 200,000 cells go in 20 statements of bound arrays, not one of 50 MB. */
const BATCH = 10000;

/**
 * The bad cells of failed imports, all of them, keyed by job id (catalogue.import_cell_error):
 * stored once when the job fails, paged by GET /jobs/:id/cells.
 */
@Injectable()
export class ImportReport {
  constructor(private readonly orm: MikroORM) {}

  /** Replaces the job's cells (a job run again reports afresh), in one transaction: a reader sees all of a report or none. */
  async store(jobId: string, cells: CellError[]): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      await em.execute(`delete from catalogue.import_cell_error where job_id = ?`, [jobId]);
      for (let start = 0; start < cells.length; start += BATCH) {
        const batch = cells.slice(start, start + BATCH);
        await boundQuery(em, `insert into catalogue.import_cell_error (job_id, seq, file, line, "column", reason)
          select ?, s.seq, s.file, s.line, s.col, s.reason
            from unnest(?::int[], ?::text[], ?::int[], ?::text[], ?::text[]) as s(seq, file, line, col, reason)`, [
          jobId, pgArray(batch.map((_, k) => String(start + k))), pgArray(batch.map((c) => c.file)), pgArray(batch.map((c) => String(c.line))),
          pgArray(batch.map((c) => c.column)), pgArray(batch.map((c) => c.reason)),
        ]);
      }
    });
  }

  async page(jobId: string, page: number, pageSize: number): Promise<Page<ImportCellView>> {
    const conn = this.orm.em.getConnection();
    const [rows, count] = await Promise.all([
      conn.execute<ImportCellView[]>(`select file, line, "column" as "column", reason from catalogue.import_cell_error where job_id = ? order by seq limit ? offset ?`,
        [jobId, pageSize, (page - 1) * pageSize]),
      conn.execute<{ n: string }[]>(`select count(*) as n from catalogue.import_cell_error where job_id = ?`, [jobId]),
    ]);
    return { items: rows.map((r) => ({ file: r.file, line: Number(r.line), column: r.column, reason: r.reason })), total: Number(count[0]?.n ?? 0), page, pageSize };
  }
}

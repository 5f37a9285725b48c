import { Migration } from '@mikro-orm/migrations';

/**
 * Every bad cell of a failed import, kept beside its job: the job itself keeps only a summary
 * (a report of 200,000 cells does not fit in a NATS reply, nor belongs in Redis), and
 * GET /jobs/:id/cells pages through these in the order they were found. In PostgreSQL rather than
 * Redis: a job's report should outlive a Redis restart as long as the job is shown.
 */
export class Migration20261202110000_import_cell_errors extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table catalogue.import_cell_error (
      job_id text not null,
      seq integer not null,
      file text not null,
      line integer not null,
      "column" text not null,
      reason text not null,
      created_at timestamptz not null default now(),
      primary key (job_id, seq))`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists catalogue.import_cell_error`);
  }
}

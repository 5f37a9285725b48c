import { Migration } from '@mikro-orm/migrations';

/**
 * An uploaded bundle and its import's state, durable: Redis lost every upload it held when it
 * restarted without persistence (issue 14), leaving imports half-done with nothing to resume from.
 * The bytes are bytea, not a large object: a bundle is bounded by IMPORT_MAX_UPLOAD_MB (≤ 2 GB,
 * 200 MB by default, within bytea's 1 GB in practice for the default), a bytea value is deleted
 * with its row (a large object needs lo_unlink, or it stays behind as an orphan), and it is dumped
 * and replicated like any column. Bytes are cleared once the import is applied, failed or rolled
 * back; the row itself stays as the import's history (GET /jobs/:id after Redis forgot the job).
 */
export class Migration20261202140000_import_bundles extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table catalogue.import_bundle (
      job_id text primary key,
      file_name text not null,
      actor jsonb not null,
      correlation_id text null,
      -- Prefix of the import's keys in Redis (staged files), which every run writes afresh from bytes.
      staging_key text not null,
      bytes bytea null,
      state text not null default 'uploaded' check (state in ('uploaded', 'applying', 'applied', 'rolled-back', 'failed')),
      resumes integer not null default 0,
      result jsonb null,
      error jsonb null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now())`);
    this.addSql(`create index import_bundle_open_idx on catalogue.import_bundle (updated_at) where state in ('uploaded', 'applying')`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists catalogue.import_bundle`);
  }
}

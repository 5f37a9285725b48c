import { Migration } from '@mikro-orm/migrations';

/**
 * Usage records, the ground truth of billing and of the evaluation. Each source has its own stable
 * reference (a booking id, an import code, a manual entry id) and (source, source_ref) is unique, so
 * a redelivered check-out event or a re-imported file adds nothing. Completed records of one
 * instrument never overlap in time: the exclusion constraint says so for every writer at once.
 */
export class Migration20261122200000_usage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists btree_gist`);
    this.addSql(`create schema if not exists billing`);
    this.addSql(`create table billing.usage_record (
      id uuid primary key,
      code text not null unique,
      instrument_id uuid not null,
      provider_institution_id uuid not null,
      user_id uuid not null,
      user_institution_id uuid not null,
      service_mode text not null check (service_mode in ('self', 'assisted', 'sample')),
      service_category text not null check (service_category in ('research', 'testing', 'training', 'statutory-certification',
        'law-enforcement', 'commercial-inspection', 'commercial-filming', 'medical-service')),
      start_at timestamptz not null,
      end_at timestamptz not null,
      period tstzrange generated always as (tstzrange(start_at, end_at, '[)')) stored,
      samples integer check (samples > 0),
      status text not null check (status in ('completed', 'void', 'held')),
      source text not null check (source in ('check-out', 'import', 'manual')),
      source_ref text not null,
      booking_id uuid,
      voucher_id uuid,
      project_code text,
      reason text,
      created_by uuid,
      created_at timestamptz not null default now(),
      constraint usage_order check (end_at > start_at),
      constraint usage_minute_aligned check (extract(second from start_at) = 0 and extract(second from end_at) = 0),
      constraint usage_manual_reason check (source <> 'manual' or reason is not null),
      constraint usage_source_ref unique (source, source_ref),
      constraint usage_no_overlap exclude using gist (instrument_id with =, period with &&) where (status = 'completed'))`);
    this.addSql(`create index usage_instrument_start_idx on billing.usage_record (instrument_id, start_at)`);
    this.addSql(`create index usage_provider_start_idx on billing.usage_record (provider_institution_id, start_at)`);
    this.addSql(`create index usage_user_start_idx on billing.usage_record (user_id, start_at)`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists billing cascade`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Sample submission (送样检测, issue 18). An order's state moves only by a conditional UPDATE on the
 * state it expects; each state's instant is recorded once, and the checks below say which instants a
 * state must have, so no writer can leave a half-made step. The report is kept here, in PostgreSQL,
 * with its SHA-256 (checked against the bytes), in the same transaction as the step to
 * report_issued: an issued order always has its report, and a report is never replaced or deleted.
 */
export class Migration20261205200000_sample_orders extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table booking.sample_order (
      id uuid primary key,
      code text not null unique,
      instrument_id uuid not null,
      instrument_code text not null,
      instrument_name text not null,
      provider_institution_id uuid not null,
      user_id uuid not null,
      user_institution_id uuid not null,
      sample_count integer not null check (sample_count between 1 and 1000),
      sample_names text[] not null check (cardinality(sample_names) between 1 and 1000),
      hazards text[] not null default '{}',
      hazard_notes text,
      requested_tests text not null,
      delivery text not null check (delivery in ('by-hand', 'courier')),
      tracking_number text,
      service_category text not null check (service_category in ('research', 'testing', 'training', 'statutory-certification',
        'law-enforcement', 'commercial-inspection', 'commercial-filming', 'medical-service')),
      project_code text,
      state text not null default 'submitted' check (state in ('submitted', 'accepted', 'rejected', 'received', 'testing', 'report_issued', 'completed', 'cancelled')),
      reason text,
      submitted_at timestamptz not null default now(),
      accepted_at timestamptz,
      rejected_at timestamptz,
      received_at timestamptz,
      testing_at timestamptz,
      report_issued_at timestamptz,
      completed_at timestamptz,
      cancelled_at timestamptz,
      updated_at timestamptz not null default now(),
      constraint sample_order_courier check ((delivery = 'courier') = (tracking_number is not null)),
      constraint sample_order_rejected check ((state = 'rejected') = (rejected_at is not null) and (state <> 'rejected' or reason is not null)),
      constraint sample_order_cancelled check ((state = 'cancelled') = (cancelled_at is not null)),
      constraint sample_order_accepted check (state not in ('accepted', 'received', 'testing', 'report_issued', 'completed') or accepted_at is not null),
      constraint sample_order_received check (state not in ('received', 'testing', 'report_issued', 'completed') or received_at is not null),
      constraint sample_order_testing check (state not in ('testing', 'report_issued', 'completed') or testing_at is not null),
      constraint sample_order_reported check (state not in ('report_issued', 'completed') or report_issued_at is not null),
      constraint sample_order_completed check ((state = 'completed') = (completed_at is not null)))`);
    // The operator's queue (an institution's open orders) and a requester's own, newest first.
    this.addSql(`create index sample_order_provider_idx on booking.sample_order (provider_institution_id, state, submitted_at)`);
    this.addSql(`create index sample_order_user_idx on booking.sample_order (user_id, submitted_at)`);
    // Turnaround per instrument reads the reported orders of one instrument.
    this.addSql(`create index sample_order_turnaround_idx on booking.sample_order (instrument_id) where report_issued_at is not null`);

    this.addSql(`create table booking.sample_report (
      order_id uuid primary key references booking.sample_order (id),
      file_name text not null check (length(file_name) between 1 and 200),
      content_type text not null,
      size integer not null check (size > 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null,
      uploaded_by uuid not null,
      uploaded_at timestamptz not null default now(),
      constraint sample_report_size check (octet_length(content) = size),
      constraint sample_report_hash check (encode(sha256(content), 'hex') = sha256))`);
    // A report is evidence for a bill: never changed nor deleted once stored.
    this.addSql(`create function booking.sample_report_immutable() returns trigger language plpgsql as $$
      begin raise exception 'a sample report is never changed or deleted (order %)', old.order_id using errcode = 'check_violation'; end $$`);
    this.addSql(`create trigger sample_report_immutable before update or delete on booking.sample_report
      for each row execute function booking.sample_report_immutable()`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table booking.sample_report`);
    this.addSql(`drop function booking.sample_report_immutable()`);
    this.addSql(`drop table booking.sample_order`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Bookings and blackouts share one table because PostgreSQL can only keep two rows apart with an
 * exclusion constraint when both are in the same table: "never two active bookings of one
 * instrument overlap, nor a booking and a blackout" is then one constraint that holds whatever the
 * number of booking replicas and however the requests interleave.
 */
export class Migration20261122100000_booking extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create extension if not exists btree_gist`);
    this.addSql(`create schema if not exists booking`);
    this.addSql(`create table booking.booking (
      id uuid primary key,
      code text not null unique,
      kind text not null check (kind in ('booking', 'blackout')),
      instrument_id uuid not null,
      provider_institution_id uuid not null,
      user_id uuid,
      user_institution_id uuid,
      service_mode text check (service_mode in ('self', 'assisted', 'sample')),
      purpose text,
      project_code text,
      voucher_id uuid,
      status text not null check (status in ('requested', 'approved', 'in_use', 'completed', 'rejected', 'cancelled', 'no_show', 'active', 'removed')),
      start_at timestamptz not null,
      end_at timestamptz not null,
      period tstzrange generated always as (tstzrange(start_at, end_at, '[)')) stored,
      checked_in_at timestamptz,
      checked_out_at timestamptz,
      samples integer check (samples > 0),
      reason text,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint booking_order check (end_at > start_at),
      constraint booking_fields check (kind = 'blackout' or (user_id is not null and user_institution_id is not null and service_mode is not null and purpose is not null)),
      constraint booking_status_of_kind check ((kind = 'blackout') = (status in ('active', 'removed'))),
      constraint booking_no_overlap exclude using gist (instrument_id with =, period with &&)
        where (status in ('requested', 'approved', 'in_use', 'active')))`);
    this.addSql(`create index booking_instrument_period_idx on booking.booking using gist (instrument_id, period)`);
    this.addSql(`create index booking_user_idx on booking.booking (user_id, start_at)`);
    this.addSql(`create index booking_provider_idx on booking.booking (provider_institution_id, start_at)`);

    // A client that retries POST /bookings with the same Idempotency-Key gets the first answer.
    this.addSql(`create table booking.idempotency_key (
      user_id uuid not null,
      key text not null,
      request_hash text not null,
      booking_id uuid not null references booking.booking (id),
      created_at timestamptz not null default now(),
      primary key (user_id, key))`);

    // Events that must not be lost, written in the transaction of the change (transactional outbox).
    this.addSql(`create table booking.outbox (
      id uuid primary key,
      subject text not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz)`);
    this.addSql(`create index outbox_unpublished_idx on booking.outbox (created_at) where published_at is null`);

    this.addSql(`create table booking.calendar_token (
      token text primary key,
      owner_kind text not null check (owner_kind in ('user', 'instrument')),
      owner_id uuid not null,
      created_by uuid not null,
      created_at timestamptz not null default now(),
      unique (owner_kind, owner_id))`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists booking cascade`);
  }
}

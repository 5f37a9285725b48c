import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 19's booking rules: overrun flags and reminders on bookings, recurring series, institutions'
 * no-show policies and the suspensions they start, and the waiting list. Every state change these
 * carry is a conditional UPDATE (or an insert under a unique key), so scheduled sweeps on several
 * replicas at once change each row once.
 */
export class Migration20261202100000_booking_policy extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table booking.series (
      id uuid primary key,
      code text not null unique,
      instrument_id uuid not null,
      provider_institution_id uuid not null,
      user_id uuid not null,
      user_institution_id uuid not null,
      rrule text not null,
      mode text not null check (mode in ('all-or-nothing', 'skip-conflicts')),
      start_at timestamptz not null,
      end_at timestamptz not null,
      created_at timestamptz not null default now())`);
    this.addSql(`alter table booking.booking
      add column series_id uuid references booking.series (id),
      add column overrun_into uuid,
      add column overrun_minutes integer check (overrun_minutes > 0),
      add column reminded_at timestamptz,
      add constraint booking_overrun_pair check ((overrun_into is null) = (overrun_minutes is null))`);
    this.addSql(`create index booking_series_idx on booking.booking (series_id, start_at) where series_id is not null`);
    // The sweeps' scans: approved bookings by start (no-shows, reminders).
    this.addSql(`create index booking_approved_start_idx on booking.booking (start_at) where kind = 'booking' and status = 'approved'`);

    this.addSql(`create table booking.no_show_policy (
      institution_id uuid primary key,
      no_show_limit integer not null check (no_show_limit between 1 and 100),
      window_days integer not null check (window_days between 1 and 3650),
      suspension_days integer not null check (suspension_days between 1 and 3650),
      updated_by uuid,
      updated_at timestamptz not null default now())`);

    this.addSql(`create table booking.suspension (
      id uuid primary key,
      user_id uuid not null,
      user_institution_id uuid,
      institution_id uuid not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      no_shows integer not null check (no_shows > 0),
      reason text not null,
      lifted_at timestamptz,
      lifted_by uuid,
      lift_reason text,
      created_at timestamptz not null default now(),
      constraint suspension_order check (ends_at > starts_at),
      constraint suspension_lift check ((lifted_at is null) = (lift_reason is null)))`);
    this.addSql(`create index suspension_user_idx on booking.suspension (user_id, institution_id, ends_at)`);
    this.addSql(`create index suspension_institution_idx on booking.suspension (institution_id, created_at)`);

    this.addSql(`create table booking.waitlist_entry (
      id uuid primary key,
      user_id uuid not null,
      user_institution_id uuid not null,
      instrument_id uuid not null,
      provider_institution_id uuid not null,
      start_at timestamptz not null,
      end_at timestamptz not null,
      service_mode text not null check (service_mode in ('self', 'assisted', 'sample')),
      purpose text not null,
      status text not null default 'waiting' check (status in ('waiting', 'offered', 'accepted', 'expired', 'withdrawn')),
      offered_at timestamptz,
      expires_at timestamptz,
      booking_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint waitlist_order check (end_at > start_at),
      constraint waitlist_offer check ((status = 'offered') <= (expires_at is not null)))`);
    // One live entry per user and slot; the queue of a slot in order of joining.
    this.addSql(`create unique index waitlist_live_idx on booking.waitlist_entry (user_id, instrument_id, start_at, end_at) where status in ('waiting', 'offered')`);
    this.addSql(`create index waitlist_queue_idx on booking.waitlist_entry (instrument_id, created_at) where status in ('waiting', 'offered')`);
    this.addSql(`create index waitlist_expiry_idx on booking.waitlist_entry (expires_at) where status = 'offered'`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table booking.waitlist_entry`);
    this.addSql(`drop table booking.suspension`);
    this.addSql(`drop table booking.no_show_policy`);
    this.addSql(`alter table booking.booking drop column series_id, drop column overrun_into, drop column overrun_minutes, drop column reminded_at`);
    this.addSql(`drop table booking.series`);
  }
}

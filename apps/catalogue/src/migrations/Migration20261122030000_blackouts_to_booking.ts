import { Migration } from '@mikro-orm/migrations';

/**
 * Blackouts moved to the booking service: only a table that holds both bookings and blackouts
 * can keep them from overlapping with a database constraint. No release carried data here.
 */
export class Migration20261122030000_blackouts_to_booking extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop table if exists catalogue.blackout`);
  }

  override async down(): Promise<void> {
    this.addSql(`create table catalogue.blackout (
      id uuid primary key, instrument_id uuid not null references catalogue.instrument(id) on delete cascade,
      starts_at timestamptz not null, ends_at timestamptz not null, reason text not null, created_by uuid,
      created_at timestamptz not null default now(), constraint blackout_order check (ends_at > starts_at))`);
  }
}

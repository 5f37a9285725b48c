import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 18: the PI's approval of members' bookings above an amount. The threshold is the fund
 * account's (`pi_approval_above_fen`, null: never), because a group's grants differ — a small
 * departmental card may be spent freely while a national grant's PI wants to see every large use.
 * A booking that needs it carries `pi_approval` 'pending' and stays requested, holding nothing,
 * until the PI decides; the check below keeps a pending or rejected booking from ever being
 * approved or holding, whatever code path writes it.
 */
export class Migration20261206100000_pi_approval extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table booking.fund_account add column pi_approval_above_fen bigint check (pi_approval_above_fen >= 0)`);
    this.addSql(`alter table booking.booking
      add column pi_approval text check (pi_approval in ('pending', 'approved', 'rejected')),
      add column pi_decided_by uuid,
      add column pi_decided_at timestamptz,
      add constraint booking_pi_approval_first check (
        pi_approval is null or pi_approval = 'approved' or (held_fen is null and status in ('requested', 'rejected', 'cancelled'))),
      add constraint booking_pi_approval_needs_account check (pi_approval is null or fund_account_id is not null)`);
    this.addSql(`create index booking_pi_pending_idx on booking.booking (fund_account_id, start_at) where pi_approval = 'pending'`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index booking.booking_pi_pending_idx`);
    this.addSql(`alter table booking.booking drop constraint booking_pi_approval_needs_account, drop constraint booking_pi_approval_first,
      drop column pi_decided_at, drop column pi_decided_by, drop column pi_approval`);
    this.addSql(`alter table booking.fund_account drop column pi_approval_above_fen`);
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 18: research groups (课题组), their members and fund accounts (经费卡), and the estimate a
 * booking holds (预扣) on its account. An account's `held_fen` is the running total of its bookings'
 * `held_fen`, changed only in the transaction that changes a booking's hold, with the account's row
 * locked (`select … for no key update`): concurrent approvals on one account queue on that lock, and each
 * sees the holds committed before it, so their sum cannot pass the budget. Settlement (billing's
 * `billing.charge.settled`) replaces a booking's hold by its charge: `charged_fen` on the booking,
 * the running total `charged_fen` on the account, `charge_settled_at` the settlement it came from.
 */
export class Migration20261205180000_fund_accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table booking.research_group (
      id uuid primary key,
      institution_id uuid not null,
      name text not null,
      pi_user_id uuid not null,
      created_at timestamptz not null default now(),
      constraint research_group_name_unique unique (institution_id, name))`);
    this.addSql(`create table booking.research_group_member (
      group_id uuid not null references booking.research_group (id),
      user_id uuid not null,
      role text not null check (role in ('pi', 'member')),
      added_at timestamptz not null default now(),
      primary key (group_id, user_id))`);
    this.addSql(`create index research_group_member_user_idx on booking.research_group_member (user_id)`);
    this.addSql(`create table booking.fund_account (
      id uuid primary key,
      group_id uuid not null references booking.research_group (id),
      institution_id uuid not null,
      code text not null,
      name text not null,
      budget_fen bigint check (budget_fen >= 0),
      held_fen bigint not null default 0 check (held_fen >= 0),
      charged_fen bigint not null default 0 check (charged_fen >= 0),
      state text not null default 'active' check (state in ('active', 'frozen')),
      valid_from timestamptz not null,
      valid_to timestamptz,
      created_at timestamptz not null default now(),
      constraint fund_account_code_unique unique (institution_id, code),
      constraint fund_account_validity check (valid_to is null or valid_to > valid_from))`);
    this.addSql(`create index fund_account_group_idx on booking.fund_account (group_id)`);
    this.addSql(`alter table booking.booking
      add column fund_account_id uuid references booking.fund_account (id),
      add column held_fen bigint check (held_fen >= 0),
      add column charged_fen bigint check (charged_fen >= 0),
      add column charge_settled_at timestamptz,
      add constraint booking_hold_needs_account check (held_fen is null or fund_account_id is not null),
      add constraint booking_charge_needs_account check (charged_fen is null or fund_account_id is not null)`);
    // What the booking service applied of billing's charge events (billing.charge.settled): each once.
    this.addSql(`create table booking.applied_event (
      event_id uuid primary key,
      applied_at timestamptz not null default now())`);
    this.addSql(`create index booking_fund_account_idx on booking.booking (fund_account_id) where fund_account_id is not null`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table booking.applied_event`);
    this.addSql(`alter table booking.booking drop column charge_settled_at, drop column charged_fen, drop column held_fen, drop column fund_account_id`);
    this.addSql(`drop table booking.fund_account`);
    this.addSql(`drop table booking.research_group_member`);
    this.addSql(`drop table booking.research_group`);
  }
}

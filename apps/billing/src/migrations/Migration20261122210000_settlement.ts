import { Migration } from '@mikro-orm/migrations';

/**
 * Vouchers, feedback and what settlement produces. A usage record has at most one charge (or one
 * unbilled entry) and at most one rating: primary keys on the record make re-settling and
 * re-importing idempotent. Statements are unique per provider, payer and month; a statement that
 * has been issued is never recomputed.
 */
export class Migration20261122210000_settlement extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table billing.voucher (
      id uuid primary key,
      code text not null unique,
      holder_institution_id uuid not null,
      face_value_fen bigint not null check (face_value_fen >= 0),
      cover_bps integer not null check (cover_bps between 0 and 10000),
      per_use_cap_fen bigint check (per_use_cap_fen >= 0),
      valid_from timestamptz not null,
      valid_to timestamptz,
      created_by uuid,
      created_at timestamptz not null default now(),
      constraint voucher_validity check (valid_to is null or valid_to > valid_from))`);
    this.addSql(`alter table billing.usage_record add constraint usage_voucher_fk foreign key (voucher_id) references billing.voucher (id)`);
    this.addSql(`create table billing.feedback (
      id uuid primary key,
      code text not null unique,
      usage_record_id uuid not null unique references billing.usage_record (id),
      rating integer not null check (rating between 1 and 5),
      comment text,
      created_by uuid,
      created_at timestamptz not null default now())`);
    this.addSql(`create table billing.statement (
      id uuid primary key,
      provider_institution_id uuid not null,
      payer_institution_id uuid not null,
      period text not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      lines integer not null,
      amount_fen bigint not null,
      voucher_fen bigint not null,
      payable_fen bigint not null,
      status text not null default 'draft' check (status in ('draft', 'issued', 'paid')),
      issued_at timestamptz,
      paid_at timestamptz,
      updated_at timestamptz not null default now(),
      constraint statement_unique unique (provider_institution_id, payer_institution_id, period),
      constraint statement_sum check (payable_fen = amount_fen - voucher_fen))`);
    this.addSql(`create table billing.charge (
      usage_record_id uuid primary key references billing.usage_record (id),
      period text not null,
      provider_institution_id uuid not null,
      payer_institution_id uuid not null,
      rate_code text not null,
      external boolean not null,
      billed_units text not null,
      amount_fen bigint not null check (amount_fen >= 0),
      voucher_id uuid references billing.voucher (id),
      voucher_fen bigint not null default 0 check (voucher_fen >= 0 and voucher_fen <= amount_fen),
      payable_fen bigint not null,
      settled_at timestamptz not null default now(),
      constraint charge_sum check (payable_fen = amount_fen - voucher_fen))`);
    this.addSql(`create index charge_period_idx on billing.charge (period, provider_institution_id, payer_institution_id)`);
    this.addSql(`create index charge_voucher_idx on billing.charge (voucher_id) where voucher_id is not null`);
    this.addSql(`create table billing.unbilled (
      usage_record_id uuid primary key references billing.usage_record (id),
      period text not null,
      reason text not null,
      message text not null,
      settled_at timestamptz not null default now())`);
    this.addSql(`create table billing.voucher_refusal (
      usage_record_id uuid primary key references billing.usage_record (id),
      voucher_id uuid not null references billing.voucher (id),
      period text not null,
      reason text not null,
      message text not null)`);
    this.addSql(`create index usage_period_idx on billing.usage_record (start_at, code) where status = 'completed'`);
  }

  override async down(): Promise<void> {
    for (const t of ['voucher_refusal', 'unbilled', 'charge', 'statement', 'feedback']) this.addSql(`drop table if exists billing.${t}`);
    this.addSql(`alter table billing.usage_record drop constraint if exists usage_voucher_fk`);
    this.addSql(`drop table if exists billing.voucher`);
  }
}

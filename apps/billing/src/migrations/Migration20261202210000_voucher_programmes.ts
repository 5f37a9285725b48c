import { Migration } from '@mikro-orm/migrations';

/**
 * Voucher programmes (issue 16): a bureau's budget that applications draw on when approved, each approval
 * issuing a voucher. The budget and the caps are held here, not in Node: the programme's committed sum and
 * each holder's commitment carry checks, and approvals move them with conditional updates.
 */
export class Migration20261202210000_voucher_programmes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table billing.voucher_programme (
      id uuid primary key,
      code text not null unique check (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
      name text not null check (length(name) between 1 and 200),
      issuing_region text not null check (issuing_region ~ '^[A-Z]{2,8}$'),
      year integer not null check (year between 2000 and 2100),
      budget_fen bigint not null check (budget_fen > 0),
      cover_bps integer not null check (cover_bps between 1 and 10000),
      per_application_cap_fen bigint not null check (per_application_cap_fen > 0),
      per_holder_year_cap_fen bigint not null check (per_holder_year_cap_fen > 0),
      applicant_kinds text[] not null default '{}'
        check (applicant_kinds <@ array['university', 'institute', 'hospital', 'enterprise', 'other']::text[]),
      applicant_regions text[] not null default '{}',
      provider_regions text[] not null default '{}',
      valid_from timestamptz not null,
      valid_to timestamptz not null,
      mode text not null check (mode in ('provider-redeemed', 'holder-reimbursed')),
      committed_fen bigint not null default 0,
      created_by uuid,
      created_at timestamptz not null default now(),
      constraint voucher_programme_validity check (valid_to > valid_from),
      constraint voucher_programme_budget check (committed_fen between 0 and budget_fen))`);
    this.addSql(`create index voucher_programme_region_idx on billing.voucher_programme (issuing_region, year)`);

    this.addSql(`create table billing.voucher_application (
      id uuid primary key,
      seq bigint generated always as identity unique,
      programme_id uuid not null references billing.voucher_programme (id),
      applicant_institution_id uuid not null,
      applicant_user_id uuid not null,
      amount_fen bigint not null check (amount_fen > 0),
      project text not null check (length(project) between 1 and 2000),
      state text not null default 'submitted' check (state in ('submitted', 'approved', 'rejected')),
      approved_fen bigint check (approved_fen > 0 and approved_fen <= amount_fen),
      voucher_id uuid unique references billing.voucher (id),
      reason text,
      decided_by uuid,
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      constraint voucher_application_decision check (
        (state = 'submitted' and approved_fen is null and voucher_id is null and decided_at is null)
        or (state = 'approved' and approved_fen is not null and voucher_id is not null and decided_at is not null)
        or (state = 'rejected' and approved_fen is null and voucher_id is null and reason is not null and decided_at is not null)))`);
    this.addSql(`create index voucher_application_programme_idx on billing.voucher_application (programme_id, state)`);
    this.addSql(`create index voucher_application_applicant_idx on billing.voucher_application (applicant_institution_id, created_at)`);

    // What a holder has been granted under a programme (the programme is of one year): its own check is the per-holder cap.
    this.addSql(`create table billing.voucher_holder_commitment (
      programme_id uuid not null references billing.voucher_programme (id),
      holder_institution_id uuid not null,
      committed_fen bigint not null,
      cap_fen bigint not null check (cap_fen > 0),
      primary key (programme_id, holder_institution_id),
      constraint voucher_holder_cap check (committed_fen between 0 and cap_fen))`);

    // Vouchers issued by a programme; null: issued the old way (POST /vouchers), settled exactly as before.
    this.addSql(`alter table billing.voucher
      add column programme_id uuid references billing.voucher_programme (id),
      add column mode text check (mode in ('provider-redeemed', 'holder-reimbursed')),
      add column provider_regions text[] not null default '{}',
      add constraint voucher_programme_mode check ((programme_id is null) = (mode is null))`);
    this.addSql(`create index voucher_programme_idx on billing.voucher (programme_id) where programme_id is not null`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table billing.voucher drop constraint voucher_programme_mode, drop column provider_regions, drop column mode, drop column programme_id`);
    this.addSql('drop table billing.voucher_holder_commitment');
    this.addSql('drop table billing.voucher_application');
    this.addSql('drop table billing.voucher_programme');
  }
}

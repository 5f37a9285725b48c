import { Migration } from '@mikro-orm/migrations';

/**
 * Reimbursement claims of programme vouchers (issue 16). A provider claims from an issuing bureau what
 * its charges drew on provider-redeemed vouchers in a month; a holder claims the covered part of its
 * paid statements' lines on holder-reimbursed vouchers. One claim line per charge; a charge is in at
 * most one live claim — the partial unique index says so for every writer at once, so two concurrent
 * claims of the same charge cannot both succeed. A rejected claim's lines stop being live and become
 * claimable again.
 */
export class Migration20261202230000_voucher_claims extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table billing.voucher_claim (
      id uuid primary key,
      seq bigint generated always as identity unique,
      kind text not null check (kind in ('provider', 'holder')),
      claimant_institution_id uuid not null,
      issuing_region text not null check (issuing_region ~ '^[A-Z]{2,8}$'),
      programme_id uuid references billing.voucher_programme (id),
      period text check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      amount_fen bigint not null check (amount_fen > 0),
      lines integer not null check (lines > 0),
      state text not null default 'submitted' check (state in ('submitted', 'approved', 'paid', 'rejected')),
      reason text,
      reference text,
      created_by uuid,
      created_at timestamptz not null default now(),
      decided_by uuid,
      decided_at timestamptz,
      paid_by uuid,
      paid_at timestamptz,
      constraint voucher_claim_kind check ((kind = 'provider' and period is not null) or (kind = 'holder' and programme_id is not null)),
      constraint voucher_claim_decision check (
        (state = 'submitted' and decided_at is null and paid_at is null)
        or (state = 'approved' and decided_at is not null and paid_at is null)
        or (state = 'paid' and decided_at is not null and paid_at is not null and reference is not null)
        or (state = 'rejected' and decided_at is not null and paid_at is null and reason is not null)))`);
    this.addSql(`create index voucher_claim_claimant_idx on billing.voucher_claim (claimant_institution_id, created_at)`);
    this.addSql(`create index voucher_claim_region_idx on billing.voucher_claim (issuing_region, state)`);
    this.addSql(`create table billing.voucher_claim_line (
      claim_id uuid not null references billing.voucher_claim (id),
      usage_record_id uuid not null references billing.charge (usage_record_id),
      voucher_id uuid not null references billing.voucher (id),
      amount_fen bigint not null check (amount_fen > 0),
      live boolean not null default true,
      primary key (claim_id, usage_record_id))`);
    this.addSql(`create unique index voucher_claim_line_once on billing.voucher_claim_line (usage_record_id) where live`);
    this.addSql(`create index voucher_claim_line_voucher_idx on billing.voucher_claim_line (voucher_id) where live`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists billing.voucher_claim_line');
    this.addSql('drop table if exists billing.voucher_claim');
  }
}

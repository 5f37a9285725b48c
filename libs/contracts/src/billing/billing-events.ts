import { IsIn, IsInt, IsString, IsUUID, Length, Matches, Min, ValidateIf } from 'class-validator';
import { ServiceEvent } from '../service-event';
import { IsInstant, IsPeriod } from '../validation';
import { VOUCHER_CLAIM_KINDS, type VoucherClaimKind } from './voucher-claims';

/**
 * The billing service's events for notifications and webhooks (issue 19): a statement issued,
 * voucher applications and reimbursement claims decided. Each is written to billing.outbox in the
 * transaction of the change it reports and published to JetStream (`Events` in ../events.ts lists
 * them with their subjects). Delivery is at least once: consumers dedupe on `eventId`.
 *
 * Money is integer fen; times are UTC instants (consumers show them in Beijing time). Each event
 * names what a message needs (the provider's name, the programme's) so that no consumer has to ask.
 */
export const BILLING_EVENT_SUBJECTS = {
  statementIssued: 'billing.statement.issued',
  voucherApplicationApproved: 'billing.voucher-application.approved',
  voucherApplicationRejected: 'billing.voucher-application.rejected',
  voucherClaimApproved: 'billing.voucher-claim.approved',
  voucherClaimRejected: 'billing.voucher-claim.rejected',
  voucherClaimPaid: 'billing.voucher-claim.paid',
  chargeSettled: 'billing.charge.settled',
} as const;

/**
 * Issue 18: settlement charged a check-out that was paid from a fund account (经费卡). The booking
 * service replaces the booking's hold by this charge on the account. A month settled again (a draft)
 * charges again: `settledAt` orders the charges of one booking, and the later one wins.
 */
export class ChargeSettledEvent extends ServiceEvent {
  @IsUUID() bookingId!: string;
  @IsUUID() fundAccountId!: string;
  @IsUUID() usageRecordId!: string;
  @IsPeriod() period!: string;
  /** What the payer owes for the line (the charge less what a voucher covers): what the account pays. */
  @IsInt() @Min(0) payableFen!: number;
  @IsInstant() settledAt!: string;
}

/**
 * A provider issued its statement of a month to a payer institution: from now on the payer owes
 * `payableFen` (the charges less what vouchers cover) and the statement is never recomputed.
 */
export class StatementIssuedEvent extends ServiceEvent {
  @IsUUID() statementId!: string;
  /** The Asia/Shanghai month the statement bills, YYYY-MM. */
  @IsPeriod() period!: string;
  @IsUUID() providerInstitutionId!: string;
  /** The provider's name as the catalogue had it at issue (null: the catalogue did not know it). */
  @ValidateIf((_o, v) => v !== null) @IsString() @Length(1, 200) providerInstitutionName!: string | null;
  @IsUUID() payerInstitutionId!: string;
  @ValidateIf((_o, v) => v !== null) @IsString() @Length(1, 200) payerInstitutionName!: string | null;
  @IsInt() @Min(0) lines!: number;
  @IsInt() amountFen!: number;
  @IsInt() voucherFen!: number;
  /** What the payer owes: amountFen − voucherFen. */
  @IsInt() payableFen!: number;
  @IsInstant() issuedAt!: string;
}

/** A voucher application (申领) as its decision reports it: the programme, who applied, for what. */
export class VoucherApplicationEventBase extends ServiceEvent {
  @IsUUID() applicationId!: string;
  @IsUUID() programmeId!: string;
  @IsString() @Length(1, 64) programmeCode!: string;
  @IsString() @Length(1, 200) programmeName!: string;
  @Matches(/^[A-Z]{2,8}$/) issuingRegion!: string;
  @IsUUID() applicantUserId!: string;
  @IsUUID() applicantInstitutionId!: string;
  /** What was asked for. */
  @IsInt() @Min(1) requestedFen!: number;
  @IsInstant() decidedAt!: string;
}

/** The issuing region's bureau approved `amountFen` (at most what was asked) and issued voucher `voucherId`. */
export class VoucherApplicationApprovedEvent extends VoucherApplicationEventBase {
  @IsInt() @Min(1) amountFen!: number;
  @IsUUID() voucherId!: string;
  @IsString() @Length(1, 64) voucherCode!: string;
}

/** The issuing region's bureau rejected the application, with its reason. */
export class VoucherApplicationRejectedEvent extends VoucherApplicationEventBase {
  @IsString() @Length(1, 2000) reason!: string;
}

/** A reimbursement claim (兑付) as its decision reports it: whose, on which region's programmes, how much. */
export class VoucherClaimEventBase extends ServiceEvent {
  @IsUUID() claimId!: string;
  /** The claim's code as the API shows it, VC-000012. */
  @IsString() @Length(1, 64) claimCode!: string;
  @IsIn(VOUCHER_CLAIM_KINDS) kind!: VoucherClaimKind;
  @IsUUID() claimantInstitutionId!: string;
  @Matches(/^[A-Z]{2,8}$/) issuingRegion!: string;
  /** A holder's claim is of one programme; a provider's of a month over the region's programmes. */
  @ValidateIf((_o, v) => v !== null) @IsUUID() programmeId!: string | null;
  @ValidateIf((_o, v) => v !== null) @IsPeriod() month!: string | null;
  @IsInt() @Min(1) amountFen!: number;
}

export class VoucherClaimApprovedEvent extends VoucherClaimEventBase {}

/** Rejected with the bureau's reason: the claim's lines are claimable again. */
export class VoucherClaimRejectedEvent extends VoucherClaimEventBase {
  @IsString() @Length(1, 2000) reason!: string;
}

/** Paid: `reference` is the bureau's payment reference (a transfer number). */
export class VoucherClaimPaidEvent extends VoucherClaimEventBase {
  @IsString() @Length(1, 200) reference!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { CLAIM_STATES, MAX_FEN } from '@yixiang/domain';
import { PageQuery, type Page } from '../pagination';
import { ApiFen, ApiInstant, ApiInteger, ApiPeriod, ApiText, ApiUuid } from '../openapi';
import { IsPeriod } from '../validation';
import type { ById, ByIdWithData, ExportedFile, ExportRequest, WithData } from '../messages/envelopes';
import { subject } from '../messages/subject';

/** Reimbursement claims of programme vouchers and the programmes' ledger (issue 16). */

export const VOUCHER_CLAIM_KINDS = ['provider', 'holder'] as const;
export type VoucherClaimKind = (typeof VOUCHER_CLAIM_KINDS)[number];
export type VoucherClaimState = (typeof CLAIM_STATES)[number];
const REGION = /^[A-Z]{2,8}$/;

/**
 * `provider`: the provider's institution admin claims, for a month, what its charges drew on
 * provider-redeemed vouchers of one issuing region's programmes. `holder`: the holder's institution
 * admin claims the covered part of its paid statements on its holder-reimbursed vouchers of a programme.
 */
export class CreateVoucherClaimDto {
  @ApiProperty({ enum: VOUCHER_CLAIM_KINDS }) @IsIn(VOUCHER_CLAIM_KINDS) kind!: VoucherClaimKind;
  @ApiPropertyOptional({ example: '2026-03', description: 'provider claims: the month (Asia/Shanghai) of the charges' })
  @ValidateIf((o: CreateVoucherClaimDto) => o.kind === 'provider' || o.month !== undefined) @IsPeriod() month?: string;
  @ApiPropertyOptional({ example: 'SC', description: 'provider claims: the issuing bureau’s region' })
  @ValidateIf((o: CreateVoucherClaimDto) => o.kind === 'provider' || o.issuingRegion !== undefined)
  @Matches(REGION, { message: 'issuingRegion must be a region code (2–8 capital letters)' }) issuingRegion?: string;
  @ApiPropertyOptional({ description: 'provider claims: at most this much (fen); more than is drawn and unclaimed is 422' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_FEN) amountFen?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'holder claims: the programme' })
  @ValidateIf((o: CreateVoucherClaimDto) => o.kind === 'holder' || o.programmeId !== undefined) @IsUUID() programmeId?: string;
  @ApiPropertyOptional({ type: [String], description: 'holder claims: only these paid statements (default: every paid statement)' })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) statementIds?: string[];
}

export class VoucherClaimListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CLAIM_STATES }) @IsOptional() @IsIn(CLAIM_STATES) state?: VoucherClaimState;
  @ApiPropertyOptional({ enum: VOUCHER_CLAIM_KINDS }) @IsOptional() @IsIn(VOUCHER_CLAIM_KINDS) kind?: VoucherClaimKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programmeId?: string;
}

export class ClaimableQuery {
  @ApiProperty({ example: '2026-03', description: 'the month (Asia/Shanghai) of the charges' }) @IsPeriod() month!: string;
}

/** What a provider may claim for a month from one issuing region: drawn on its charges, unclaimed. */
export class ClaimableView {
  @ApiProperty({ example: 'SC' }) issuingRegion!: string;
  @ApiInteger({ description: 'drawn charges in issued or paid statements, in no live claim' }) lines!: number;
  @ApiFen() availableFen!: number;
  @ApiInteger({ description: 'drawn charges still in draft statements (issue them to claim)' }) draftCharges!: number;
}

export class RejectVoucherClaimDto {
  @ApiProperty({ example: '材料不全' }) @IsString() @Length(1, 1000) reason!: string;
}

export class PayVoucherClaimDto {
  @ApiProperty({ example: 'BANK-2026-04-0001', description: 'the payment’s reference (bank transfer number)' }) @IsString() @Length(1, 200) reference!: string;
}

export class VoucherClaimView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'VC-000001' }) code!: string;
  @ApiProperty({ enum: VOUCHER_CLAIM_KINDS }) kind!: VoucherClaimKind;
  @ApiUuid() claimantInstitutionId!: string;
  @ApiProperty({ example: 'SC' }) issuingRegion!: string;
  @ApiUuid({ nullable: true }) programmeId!: string | null;
  @ApiPeriod({ nullable: true }) month!: string | null;
  @ApiFen() amountFen!: number;
  @ApiInteger({ description: 'claim lines (charges)' }) lineCount!: number;
  @ApiProperty({ enum: CLAIM_STATES }) state!: VoucherClaimState;
  @ApiText({ nullable: true }) reason!: string | null;
  @ApiText({ nullable: true }) reference!: string | null;
  @ApiInstant() createdAt!: string;
  @ApiInstant({ nullable: true }) decidedAt!: string | null;
  @ApiInstant({ nullable: true }) paidAt!: string | null;
}

export class VoucherClaimLineView {
  @ApiUuid() usageId!: string;
  @ApiProperty() usageCode!: string;
  @ApiInstant() start!: string;
  @ApiPeriod() period!: string;
  @ApiUuid() voucherId!: string;
  @ApiProperty() voucherCode!: string;
  @ApiFen({ description: 'the charge before vouchers' }) chargeFen!: number;
  @ApiFen({ description: 'claimed on this line' }) amountFen!: number;
}

export class VoucherClaimDetail extends VoucherClaimView {
  @ApiProperty({ type: [VoucherClaimLineView] }) lines!: VoucherClaimLineView[];
}

export class LedgerVoucherRow {
  @ApiUuid() voucherId!: string;
  @ApiProperty() code!: string;
  @ApiUuid() holderInstitutionId!: string;
  @ApiInstant({ nullable: true }) validTo!: string | null;
  @ApiFen() issuedFen!: number;
  @ApiFen() drawnFen!: number;
  @ApiFen() claimedFen!: number;
  @ApiFen() paidFen!: number;
  @ApiFen() expiredFen!: number;
  @ApiFen({ description: 'still to spend (0 once expired)' }) balanceFen!: number;
}

export class ProgrammeLedgerView {
  @ApiUuid() programmeId!: string;
  @ApiProperty() programmeCode!: string;
  @ApiProperty() issuingRegion!: string;
  @ApiProperty({ enum: ['provider-redeemed', 'holder-reimbursed'] }) mode!: string;
  @ApiFen() budgetFen!: number;
  @ApiInstant({ description: 'the ledger as of this instant' }) at!: string;
  @ApiFen({ description: 'approved vouchers’ amounts' }) issuedFen!: number;
  @ApiFen({ description: 'drawn at settlement (provider-redeemed) or covered in claims (holder-reimbursed)' }) drawnFen!: number;
  @ApiFen({ description: 'in claims submitted, approved or paid' }) claimedFen!: number;
  @ApiFen() paidFen!: number;
  @ApiFen({ description: 'unspent balances of vouchers whose validity ended: back in the budget report' }) expiredFen!: number;
  @ApiProperty({ type: [LedgerVoucherRow] }) vouchers!: LedgerVoucherRow[];
}

/** The claims' and ledger's subjects, spread into BillingSubjects. */
export const VoucherClaimSubjects = {
  voucherClaimCreate: subject<WithData<CreateVoucherClaimDto>, VoucherClaimDetail>('billing.voucher-claim.create'),
  voucherClaimList: subject<WithData<VoucherClaimListQuery>, Page<VoucherClaimView>>('billing.voucher-claim.list'),
  /** A provider's month, grouped by issuing region: what it may claim from each bureau. */
  voucherClaimClaimable: subject<WithData<ClaimableQuery>, ClaimableView[]>('billing.voucher-claim.claimable'),
  voucherClaimGet: subject<ById, VoucherClaimDetail>('billing.voucher-claim.get'),
  voucherClaimApprove: subject<ById, VoucherClaimView>('billing.voucher-claim.approve'),
  voucherClaimReject: subject<ByIdWithData<RejectVoucherClaimDto>, VoucherClaimView>('billing.voucher-claim.reject'),
  voucherClaimPay: subject<ByIdWithData<PayVoucherClaimDto>, VoucherClaimView>('billing.voucher-claim.pay'),
  voucherProgrammeLedger: subject<ById, ProgrammeLedgerView>('billing.voucher-programme.ledger'),
  voucherProgrammeLedgerExport: subject<ById & Omit<ExportRequest, 'actor' | 'kind'>, ExportedFile>('billing.voucher-programme.ledger-export'),
} as const;

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { MAX_FEN, MAX_SETTLEMENT_MONTHS } from '@yixiang/domain';
import { PageQuery } from '../pagination';
import { JOB_STATES, type JobStatus } from '../queues';
import { ApiFen, ApiInstant, ApiInteger, ApiPeriod, ApiText, ApiUuid } from '../openapi';
import { CODE_PATTERN } from '../catalogue/enums';
import { IsDateOrInstant, IsPeriod } from '../validation';

export class SettlementDto {
  @ApiProperty({ example: '2025-03', description: 'YYYY-MM (Asia/Shanghai month)' }) @IsPeriod() period!: string;
}

/** POST /settlements/range: each month from `from` through `to`, in order, as one job (at most MAX_SETTLEMENT_MONTHS). */
export class SettlementRangeDto {
  @ApiProperty({ example: '2025-01', description: 'the first month settled, YYYY-MM (Asia/Shanghai)' }) @IsPeriod() from!: string;
  @ApiProperty({ example: '2025-12', description: `the last month settled, YYYY-MM; at most ${MAX_SETTLEMENT_MONTHS} months after from, counting both` }) @IsPeriod() to!: string;
}

export class CreateVoucherDto {
  @ApiProperty({ example: 'CV-2026-0001' }) @Matches(CODE_PATTERN, { message: 'code may hold letters, digits, . _ - (at most 64)' }) code!: string;
  @ApiProperty({ description: 'the holder institution’s code' }) @Matches(CODE_PATTERN, { message: 'holderInstitutionCode must be an institution code' }) holderInstitutionCode!: string;
  @ApiProperty() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_FEN) faceValueFen!: number;
  @ApiProperty({ description: 'share of a fee covered, in basis points (5000 = 50 %)' }) @Type(() => Number) @IsInt() @Min(1) @Max(10000) coverBps!: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_FEN) perUseCapFen?: number;
  @ApiProperty({ example: '2026-01-01' }) @IsDateOrInstant() validFrom!: string;
  @ApiPropertyOptional({ example: '2027-01-01' }) @IsOptional() @IsDateOrInstant() validTo?: string;
}

export class CreateFeedbackDto {
  @ApiProperty({ description: 'the usage record rated (id)' }) @IsUUID() usageId!: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) @Type(() => Number) @IsInt() @Min(1) @Max(5) rating!: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) comment?: string;
}

export class PeriodQuery extends PageQuery {
  @ApiPropertyOptional({ example: '2025-03' }) @IsOptional() @IsPeriod() period?: string;
}

export class StatementListQuery extends PeriodQuery {
  @ApiPropertyOptional({ enum: ['draft', 'issued', 'paid'] }) @IsOptional() @IsIn(['draft', 'issued', 'paid']) status?: 'draft' | 'issued' | 'paid';
}

export const BILLING_EXPORTS = ['charges', 'unbilled', 'voucher-rejections', 'statements'] as const;
export type BillingExport = (typeof BILLING_EXPORTS)[number];

export const STATEMENT_STATUSES = ['draft', 'issued', 'paid'] as const;

export class VoucherView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'CV-2026-0001' }) code!: string;
  @ApiUuid() holderInstitutionId!: string;
  @ApiFen() faceValueFen!: number;
  @ApiInteger({ description: 'share of a fee covered, in basis points (5000 = 50 %)' }) coverBps!: number;
  @ApiFen({ nullable: true }) perUseCapFen!: number | null;
  @ApiInstant() validFrom!: string;
  @ApiInstant({ nullable: true }) validTo!: string | null;
  @ApiFen({ description: 'paid so far (fen)' }) drawnFen!: number;
  @ApiFen() balanceFen!: number;
  @ApiUuid({ nullable: true, description: 'the programme that issued it; null: issued directly (POST /vouchers)' }) programmeId!: string | null;
  @ApiProperty({ enum: ['provider-redeemed', 'holder-reimbursed'], nullable: true, type: String, description: 'a programme voucher’s mode' })
  mode!: 'provider-redeemed' | 'holder-reimbursed' | null;
  @ApiProperty({ type: [String], description: 'regions of the providers it may be spent at; empty: any' }) providerRegions!: string[];
}

export class StatementView {
  @ApiUuid() id!: string;
  @ApiUuid() providerInstitutionId!: string;
  @ApiUuid() payerInstitutionId!: string;
  @ApiPeriod() period!: string;
  @ApiInteger({ description: 'charges on the statement' }) lines!: number;
  @ApiFen() amountFen!: number;
  @ApiFen() voucherFen!: number;
  @ApiFen() payableFen!: number;
  @ApiProperty({ enum: STATEMENT_STATUSES }) status!: (typeof STATEMENT_STATUSES)[number];
  @ApiInstant({ nullable: true }) issuedAt!: string | null;
  @ApiInstant({ nullable: true }) paidAt!: string | null;
}

export class ChargeView {
  @ApiUuid() usageId!: string;
  @ApiProperty() usageCode!: string;
  @ApiPeriod() period!: string;
  @ApiProperty() rateCode!: string;
  @ApiProperty({ description: 'the payer is another institution' }) external!: boolean;
  @ApiProperty({ description: 'units billed, as decimal text (hours may be fractional)', example: '2.5' }) billedUnits!: string;
  @ApiFen() amountFen!: number;
  @ApiUuid({ nullable: true }) voucherId!: string | null;
  @ApiFen() voucherFen!: number;
  @ApiFen() payableFen!: number;
  @ApiUuid() providerInstitutionId!: string;
  @ApiUuid() payerInstitutionId!: string;
  @ApiUuid({ nullable: true, description: 'issue 18: the research group’s fund account (经费卡) the booking was paid from' }) fundAccountId!: string | null;
  @ApiText({ nullable: true, description: 'that fund account’s code' }) fundAccountCode!: string | null;
}

/** GET /statements/:id: the statement with its charges, all of them (`statement`) or only the caller's own (`own`). */
export class StatementDetailView extends StatementView {
  @ApiProperty({ type: [ChargeView] }) charges!: ChargeView[];
  @ApiProperty({ enum: ['statement', 'own'], description: 'statement: every charge of it; own: only the caller\'s (a researcher sees their own lines)' }) chargesScope!: 'statement' | 'own';
}

/** One month a settlement run settled, with its counts. */
export class SettledPeriodView {
  @ApiPeriod() period!: string;
  @ApiInteger() records!: number;
  @ApiInteger() charged!: number;
  @ApiInteger() unbilled!: number;
  @ApiInteger() voucherRefusals!: number;
  @ApiInteger() statements!: number;
}

/** A settlement run (a job) as the bureau follows it: kept a week after it completes, for ever if it failed. */
export class SettlementRunView {
  @ApiProperty({ example: 'billing-settlement.6f1c0a58-3c2e-4b8e-9a57-0d1e6c1f2a11' }) jobId!: string;
  @ApiPeriod() period!: string;
  @ApiPeriod({ nullable: true, description: 'a range run (POST /settlements/range): its last month, `period` its first; null: one month' }) through!: string | null;
  /** started by the monthly schedule rather than by a person */
  @ApiProperty({ description: 'started by the monthly schedule rather than by a person' }) scheduled!: boolean;
  @ApiProperty({ enum: JOB_STATES }) state!: JobStatus['state'];
  @ApiInteger({ description: '0–100' }) progress!: number;
  @ApiInstant() requestedAt!: string;
  @ApiInstant({ nullable: true }) finishedAt!: string | null;
  /** Months settled by the run (a month first settles every earlier month with unsettled records), with their counts. */
  @ApiProperty({ type: [SettledPeriodView], description: 'months settled (a month first settles every earlier month with unsettled records)' })
  periods!: SettledPeriodView[];
  @ApiText({ nullable: true }) error!: string | null;
}

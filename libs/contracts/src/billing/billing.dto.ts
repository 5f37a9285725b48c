import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { MAX_FEN } from '@yixiang/domain';
import { PageQuery } from '../pagination';
import type { JobStatus } from '../queues';
import { CODE_PATTERN } from '../catalogue/enums';
import { IsDateOrInstant, IsPeriod } from '../validation';

export class SettlementDto {
  @ApiProperty({ example: '2025-03', description: 'YYYY-MM (Asia/Shanghai month)' }) @IsPeriod() period!: string;
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

export interface VoucherView {
  id: string; code: string; holderInstitutionId: string; faceValueFen: number; coverBps: number; perUseCapFen: number | null;
  validFrom: string; validTo: string | null; drawnFen: number; balanceFen: number;
}

export interface StatementView {
  id: string; providerInstitutionId: string; payerInstitutionId: string; period: string; lines: number;
  amountFen: number; voucherFen: number; payableFen: number; status: 'draft' | 'issued' | 'paid'; issuedAt: string | null; paidAt: string | null;
}

export interface ChargeView {
  usageId: string; usageCode: string; period: string; rateCode: string; external: boolean; billedUnits: string;
  amountFen: number; voucherId: string | null; voucherFen: number; payableFen: number; providerInstitutionId: string; payerInstitutionId: string;
}

/** A settlement run (a job) as the bureau follows it: kept a week after it completes, for ever if it failed. */
export interface SettlementRunView {
  jobId: string; period: string; /** started by the monthly schedule rather than by a person */ scheduled: boolean; state: JobStatus['state']; progress: number;
  requestedAt: string; finishedAt: string | null;
  /** Months settled by the run (a month first settles every earlier month with unsettled records), with their counts. */
  periods: { period: string; records: number; charged: number; unbilled: number; voucherRefusals: number; statements: number }[];
  error: string | null;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { MAX_FEN } from '@yixiang/domain';
import { Page, PageQuery } from '../pagination';
import { ApiFen, ApiInstant, ApiInteger, ApiText, ApiUuid } from '../openapi';
import { CODE_PATTERN, INSTITUTION_KINDS, InstitutionKind } from '../catalogue/enums';
import { IsDateOrInstant, IsOmittable } from '../validation';
import type { ById, ByIdWithData, WithData } from '../messages/envelopes';
import { subject } from '../messages/subject';

/** 通兑: the provider draws the voucher at settlement; 通用: the holder pays in full and claims the covered part afterwards. */
export const VOUCHER_MODES = ['provider-redeemed', 'holder-reimbursed'] as const;
export type VoucherMode = (typeof VOUCHER_MODES)[number];

export const VOUCHER_APPLICATION_STATES = ['submitted', 'approved', 'rejected'] as const;
export type VoucherApplicationState = (typeof VOUCHER_APPLICATION_STATES)[number];

const REGION = /^[A-Z]{2,8}$/;
const REGION_MESSAGE = 'each region must be 2–8 capital letters, e.g. CQ (地区代码为 2–8 位大写字母)';

export class CreateVoucherProgrammeDto {
  @ApiProperty({ example: 'SC-CXQ-2026' }) @Matches(CODE_PATTERN, { message: 'code may hold letters, digits, . _ - (at most 64)' }) code!: string;
  @ApiProperty({ example: '2026 年川渝科技创新券' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ example: 'SC', description: 'the issuing bureau’s region; a regional officer’s own by default (and only)' })
  @IsOptional() @Matches(REGION, { message: 'issuingRegion must be 2–8 capital letters, e.g. SC' }) issuingRegion?: string;
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiProperty({ description: 'fen' }) @Type(() => Number) @IsInt() @Min(1) @Max(MAX_FEN) budgetFen!: number;
  @ApiProperty({ description: 'share of a fee covered, in basis points (6000 = 60 %)' }) @Type(() => Number) @IsInt() @Min(1) @Max(10000) coverBps!: number;
  @ApiProperty({ description: 'most one application may be granted (fen)' }) @Type(() => Number) @IsInt() @Min(1) @Max(MAX_FEN) perApplicationCapFen!: number;
  @ApiProperty({ description: 'most one holder may be granted under the programme in its year (fen)' })
  @Type(() => Number) @IsInt() @Min(1) @Max(MAX_FEN) perHolderYearCapFen!: number;
  @ApiPropertyOptional({ enum: INSTITUTION_KINDS, isArray: true, description: 'institution kinds that may apply; empty or absent: any' })
  @IsOmittable() @IsArray() @ArrayMaxSize(5) @IsIn(INSTITUTION_KINDS, { each: true }) applicantKinds?: InstitutionKind[];
  @ApiPropertyOptional({ type: [String], example: ['SC'], description: 'regions whose institutions may apply; empty or absent: any' })
  @IsOmittable() @IsArray() @ArrayMaxSize(50) @Matches(REGION, { each: true, message: REGION_MESSAGE }) applicantRegions?: string[];
  @ApiPropertyOptional({ type: [String], example: ['SC', 'CQ'], description: 'regions of the providers the vouchers may be spent at; empty or absent: any' })
  @IsOmittable() @IsArray() @ArrayMaxSize(50) @Matches(REGION, { each: true, message: REGION_MESSAGE }) providerRegions?: string[];
  @ApiProperty({ example: '2026-01-01' }) @IsDateOrInstant() validFrom!: string;
  @ApiProperty({ example: '2027-01-01', description: 'exclusive' }) @IsDateOrInstant() validTo!: string;
  @ApiProperty({ enum: VOUCHER_MODES }) @IsIn(VOUCHER_MODES) mode!: VoucherMode;
}

export class VoucherProgrammeQuery extends PageQuery {
  @ApiPropertyOptional({ example: 2026 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ example: 'SC', description: 'issuing region' }) @IsOptional() @Matches(REGION, { message: 'region must be 2–8 capital letters' }) region?: string;
  @ApiPropertyOptional({ enum: VOUCHER_MODES }) @IsOptional() @IsIn(VOUCHER_MODES) mode?: VoucherMode;
}

export class VoucherProgrammeView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'SC-CXQ-2026' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'SC' }) issuingRegion!: string;
  @ApiInteger() year!: number;
  @ApiFen() budgetFen!: number;
  @ApiInteger({ description: 'basis points' }) coverBps!: number;
  @ApiFen() perApplicationCapFen!: number;
  @ApiFen() perHolderYearCapFen!: number;
  @ApiProperty({ enum: INSTITUTION_KINDS, isArray: true }) applicantKinds!: InstitutionKind[];
  @ApiProperty({ type: [String] }) applicantRegions!: string[];
  @ApiProperty({ type: [String] }) providerRegions!: string[];
  @ApiInstant() validFrom!: string;
  @ApiInstant() validTo!: string;
  @ApiProperty({ enum: VOUCHER_MODES }) mode!: VoucherMode;
  @ApiFen({ description: 'granted by approvals so far' }) committedFen!: number;
  @ApiFen({ description: 'budget not yet granted' }) remainingFen!: number;
  @ApiInstant() createdAt!: string;
}

/** The programme's budget report: what was granted, issued, drawn at settlement and what expired unspent. */
export class VoucherProgrammeReport {
  @ApiInteger() issuedCount!: number;
  @ApiFen({ description: 'face value of the vouchers issued' }) issuedFen!: number;
  @ApiFen({ description: 'drawn by providers at settlement' }) drawnFen!: number;
  @ApiFen({ description: 'unspent balance of vouchers whose validity has ended' }) expiredFen!: number;
  @ApiInteger() submittedApplications!: number;
  @ApiInteger() approvedApplications!: number;
  @ApiInteger() rejectedApplications!: number;
}

export class VoucherProgrammeDetail extends VoucherProgrammeView {
  @ApiProperty({ type: VoucherProgrammeReport }) report!: VoucherProgrammeReport;
}

export class CreateVoucherApplicationDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() programmeId!: string;
  @ApiProperty({ description: 'fen asked for' }) @Type(() => Number) @IsInt() @Min(1) @Max(MAX_FEN) amountFen!: number;
  @ApiProperty({ example: '新型电池隔膜的表征与测试', description: 'the project the voucher is for' }) @IsString() @Length(1, 2000) project!: string;
}

export class VoucherApplicationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: VOUCHER_APPLICATION_STATES }) @IsOptional() @IsIn(VOUCHER_APPLICATION_STATES) state?: VoucherApplicationState;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() programmeId?: string;
}

export class ApproveVoucherApplicationDto {
  @ApiProperty({ description: 'fen granted (at most what was asked for)' }) @Type(() => Number) @IsInt() @Min(1) @Max(MAX_FEN) amountFen!: number;
}

export class RejectVoucherApplicationDto {
  @ApiProperty({ example: '项目与本计划支持方向不符' }) @IsString() @Length(1, 1000) reason!: string;
}

export class VoucherApplicationView {
  @ApiUuid() id!: string;
  @ApiUuid() programmeId!: string;
  @ApiProperty() programmeCode!: string;
  @ApiProperty() programmeName!: string;
  @ApiProperty({ example: 'SC' }) issuingRegion!: string;
  @ApiUuid() applicantInstitutionId!: string;
  @ApiUuid() applicantUserId!: string;
  @ApiFen({ description: 'asked for' }) amountFen!: number;
  @ApiProperty() project!: string;
  @ApiProperty({ enum: VOUCHER_APPLICATION_STATES }) state!: VoucherApplicationState;
  @ApiFen({ nullable: true, description: 'granted' }) approvedFen!: number | null;
  @ApiUuid({ nullable: true, description: 'the voucher issued on approval' }) voucherId!: string | null;
  @ApiText({ nullable: true }) voucherCode!: string | null;
  @ApiText({ nullable: true, description: 'why it was rejected' }) reason!: string | null;
  @ApiInstant({ nullable: true }) decidedAt!: string | null;
  @ApiInstant() createdAt!: string;
}

/** Request/reply subjects of programmes and applications, spread into BillingSubjects (subjects.ts). */
export const VoucherProgrammeSubjects = {
  voucherProgrammeCreate: subject<WithData<CreateVoucherProgrammeDto>, VoucherProgrammeView>('billing.voucher-programme.create'),
  voucherProgrammeList: subject<WithData<VoucherProgrammeQuery>, Page<VoucherProgrammeView>>('billing.voucher-programme.list'),
  voucherProgrammeGet: subject<ById, VoucherProgrammeDetail>('billing.voucher-programme.get'),
  voucherApplicationCreate: subject<WithData<CreateVoucherApplicationDto>, VoucherApplicationView>('billing.voucher-application.create'),
  voucherApplicationList: subject<WithData<VoucherApplicationQuery>, Page<VoucherApplicationView>>('billing.voucher-application.list'),
  voucherApplicationGet: subject<ById, VoucherApplicationView>('billing.voucher-application.get'),
  voucherApplicationApprove: subject<ByIdWithData<ApproveVoucherApplicationDto>, VoucherApplicationView>('billing.voucher-application.approve'),
  voucherApplicationReject: subject<ByIdWithData<RejectVoucherApplicationDto>, VoucherApplicationView>('billing.voucher-application.reject'),
} as const;

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { MAX_FEN } from '@yixiang/domain';
import { Page, PageQuery } from '../pagination';
import { ApiFen, ApiInstant, ApiUuid } from '../openapi';
import { CODE_PATTERN } from '../catalogue/enums';
import { IsDateOrInstant } from '../validation';
import type { ById, ByIdWithData, WithData } from '../messages/envelopes';
import { subject } from '../messages/subject';
import type { BookingView } from './booking.dto';

/**
 * Research groups (课题组) and their fund accounts (经费卡), issue 18. The booking service owns them:
 * a hold (预扣) on an account is written in the same transaction as the booking's approval.
 */

export const FUND_ACCOUNT_STATES = ['active', 'frozen'] as const;
export type FundAccountState = (typeof FUND_ACCOUNT_STATES)[number];

export class CreateResearchGroupDto {
  @ApiProperty({ example: '纳米材料课题组' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ description: 'the institution (default: the admin’s own)' }) @IsOptional() @IsUUID() institutionId?: string;
  @ApiPropertyOptional({ description: 'the PI, a user of the institution (or piEmail)' }) @IsOptional() @IsUUID() piUserId?: string;
  @ApiPropertyOptional({ description: 'the PI by email' }) @IsOptional() @IsEmail() @MaxLength(200) piEmail?: string;
}

export class ResearchGroupQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'groups of this institution' }) @IsOptional() @IsUUID() institutionId?: string;
}

export class AddGroupMemberDto {
  @ApiPropertyOptional({ description: 'a user of the group’s institution (or userEmail)' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(200) userEmail?: string;
}

export class CreateFundAccountDto {
  @ApiProperty({ example: 'NSFC-22175001', description: 'unique within the institution' }) @IsString() @Matches(CODE_PATTERN, { message: 'code may hold letters, digits, . _ -' }) @Length(1, 64) code!: string;
  @ApiProperty({ example: '国家自然科学基金面上项目' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ description: 'fen; without it the account has no budget limit', nullable: true })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_FEN) budgetFen?: number;
  @ApiProperty({ example: '2026-01-01' }) @IsDateOrInstant() validFrom!: string;
  @ApiPropertyOptional({ example: '2029-01-01', description: 'exclusive; without it open-ended' }) @IsOptional() @IsDateOrInstant() validTo?: string;
  @ApiPropertyOptional({ description: 'fen; a member’s booking whose estimate is above it waits for the PI’s approval; without it never' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_FEN) piApprovalAboveFen?: number;
}

export class UpdateFundAccountDto {
  @ApiPropertyOptional({ enum: FUND_ACCOUNT_STATES, description: 'frozen: refuses new holds (existing ones stay until settled or released)' })
  @IsOptional() @IsIn(FUND_ACCOUNT_STATES) state?: FundAccountState;
  @ApiPropertyOptional({ description: 'fen; null removes the limit', nullable: true, type: 'integer' })
  @ValidateIf((_o, v) => v !== undefined && v !== null) @Type(() => Number) @IsInt() @Min(0) @Max(MAX_FEN) budgetFen?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ description: 'exclusive; null: open-ended', nullable: true, type: String })
  @ValidateIf((_o, v) => v !== undefined && v !== null) @IsDateOrInstant() validTo?: string | null;
  @ApiPropertyOptional({ description: 'fen; members’ bookings above it wait for the PI; null: never. The PI may change this alone (the rest is the admin’s)', nullable: true, type: 'integer' })
  @ValidateIf((_o, v) => v !== undefined && v !== null) @Type(() => Number) @IsInt() @Min(0) @Max(MAX_FEN) piApprovalAboveFen?: number | null;
}

export class PiDecisionDto {
  @ApiPropertyOptional({ description: 'why (kept on the booking when the PI rejects it)' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class GroupMemberView {
  @ApiUuid() userId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'the member’s name (null when the catalogue could not be asked)' }) name!: string | null;
  @ApiProperty({ enum: ['pi', 'member'] }) role!: 'pi' | 'member';
  @ApiInstant() addedAt!: string;
}

export class ResearchGroupView {
  @ApiUuid() id!: string;
  @ApiUuid() institutionId!: string;
  @ApiProperty() name!: string;
  @ApiUuid() piUserId!: string;
  @ApiProperty({ type: [GroupMemberView], description: 'the PI first' }) members!: GroupMemberView[];
  @ApiInstant() createdAt!: string;
}

export class FundAccountView {
  @ApiUuid() id!: string;
  @ApiUuid() groupId!: string;
  @ApiUuid() institutionId!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiFen({ nullable: true, description: 'fen; null: no budget limit' }) budgetFen!: number | null;
  @ApiFen({ description: 'estimates held (预扣) for approved bookings not yet settled' }) heldFen!: number;
  @ApiFen({ description: 'real charges settled against the account' }) chargedFen!: number;
  @ApiFen({ nullable: true, description: 'budget − held − charged, never below zero; null without a budget' }) availableFen!: number | null;
  @ApiFen({ nullable: true, description: 'members’ bookings estimated above it wait for the PI’s approval; null: never' }) piApprovalAboveFen!: number | null;
  @ApiProperty({ enum: FUND_ACCOUNT_STATES }) state!: FundAccountState;
  @ApiInstant() validFrom!: string;
  @ApiInstant({ nullable: true, description: 'exclusive; null: open-ended' }) validTo!: string | null;
  @ApiInstant() createdAt!: string;
}

/** Request/reply subjects of groups and fund accounts, spread into BookingSubjects (subjects.ts). */
export const ResearchGroupSubjects = {
  groupCreate: subject<WithData<CreateResearchGroupDto>, ResearchGroupView>('booking.research-group.create'),
  groupList: subject<WithData<ResearchGroupQuery>, Page<ResearchGroupView>>('booking.research-group.list'),
  groupGet: subject<ById, ResearchGroupView>('booking.research-group.get'),
  groupMemberAdd: subject<ByIdWithData<AddGroupMemberDto>, ResearchGroupView>('booking.research-group.member-add'),
  groupMemberRemove: subject<ById & { userId: string }, ResearchGroupView>('booking.research-group.member-remove'),
  fundAccountCreate: subject<ByIdWithData<CreateFundAccountDto>, FundAccountView>('booking.fund-account.create'),
  fundAccountList: subject<ById, FundAccountView[]>('booking.fund-account.list'),
  fundAccountUpdate: subject<ByIdWithData<UpdateFundAccountDto>, FundAccountView>('booking.fund-account.update'),
  /** The group's members' bookings waiting for its PI's approval. */
  groupPiApprovals: subject<ById, BookingView[]>('booking.research-group.pi-approvals'),
  /** The PI approves or rejects a member's booking. */
  bookingPiDecide: subject<ByIdWithData<PiDecisionDto> & { decision: 'approve' | 'reject' }, BookingView>('booking.booking.pi-decide'),
} as const;

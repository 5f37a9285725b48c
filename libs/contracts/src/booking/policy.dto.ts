import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ID_OR_CODE_PATTERN } from '@yixiang/domain';
import { PageQuery } from '../pagination';
import { CODE_PATTERN, SERVICE_MODES, ServiceMode } from '../catalogue/enums';
import { SERVICE_CATEGORIES, ServiceCategory } from '../billing/usage.dto';
import { IsInstant, IsOmittable } from '../validation';
import { ApiInstant, ApiInteger, ApiText, ApiUuid } from '../openapi';
import { BookingView } from './booking.dto';

// ---- recurring bookings ----

export const SERIES_MODES = ['all-or-nothing', 'skip-conflicts'] as const;
export type SeriesMode = (typeof SERIES_MODES)[number];

export class CreateSeriesDto {
  @ApiProperty({ description: 'instrument id (or its code)' })
  @IsString() @Matches(ID_OR_CODE_PATTERN, { message: 'instrumentId must be a UUID or an instrument code' })
  instrumentId!: string;
  @ApiProperty({ example: '2026-12-07T09:00:00+08:00', description: 'the first occurrence' }) @IsInstant() start!: string;
  @ApiProperty({ example: '2026-12-07T11:00:00+08:00' }) @IsInstant() end!: string;
  @ApiProperty({ example: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10', description: 'RFC 5545 RRULE: FREQ=DAILY|WEEKLY, INTERVAL, BYDAY, COUNT or UNTIL; expanded in the instrument’s time zone; at most 100 occurrences' })
  @IsString() @Length(1, 500) rrule!: string;
  @ApiProperty({ enum: SERIES_MODES, description: 'all-or-nothing books every occurrence or none; skip-conflicts books the rest and lists what it skipped' })
  @IsIn(SERIES_MODES) mode!: SeriesMode;
  @ApiProperty({ enum: SERVICE_MODES }) @IsIn(SERVICE_MODES) serviceMode!: ServiceMode;
  @ApiProperty({ example: '每周例行表征' }) @IsString() @Length(1, 500) purpose!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE_PATTERN, { message: 'projectCode may hold letters, digits, . _ -' }) projectCode?: string;
  @ApiPropertyOptional({ enum: SERVICE_CATEGORIES, default: 'research' }) @IsOptional() @IsIn(SERVICE_CATEGORIES) serviceCategory?: ServiceCategory;
}

export class SkippedOccurrenceView {
  @ApiInstant() start!: string;
  @ApiInstant() end!: string;
  @ApiProperty({ example: 'BOOKING_CONFLICT', description: 'BOOKING_CONFLICT (taken or under maintenance) or a rule name' }) code!: string;
  @ApiProperty({ description: 'why, as the single booking would have been refused' }) reason!: string;
}

export class SeriesView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'SR-1A2B3C4D5E6F' }) code!: string;
  @ApiUuid() instrumentId!: string;
  @ApiProperty() rrule!: string;
  @ApiProperty({ enum: SERIES_MODES }) mode!: SeriesMode;
  @ApiProperty({ type: [BookingView] }) booked!: BookingView[];
  @ApiProperty({ type: [SkippedOccurrenceView] }) skipped!: SkippedOccurrenceView[];
}

export class CancelSeriesDto {
  @ApiPropertyOptional({ description: 'cancel the occurrences starting at or after this instant (default: now)' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class SeriesCancelledView {
  @ApiUuid() seriesId!: string;
  @ApiProperty({ type: [BookingView] }) cancelled!: BookingView[];
}

// ---- waiting list ----

export const WAITLIST_STATUSES = ['waiting', 'offered', 'accepted', 'expired', 'withdrawn'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

export class JoinWaitlistDto {
  @ApiProperty({ description: 'instrument id (or its code)' })
  @IsString() @Matches(ID_OR_CODE_PATTERN, { message: 'instrumentId must be a UUID or an instrument code' })
  instrumentId!: string;
  @ApiProperty({ example: '2026-12-07T09:00:00+08:00' }) @IsInstant() start!: string;
  @ApiProperty({ example: '2026-12-07T11:00:00+08:00' }) @IsInstant() end!: string;
  @ApiPropertyOptional({ enum: SERVICE_MODES, default: 'self' }) @IsOmittable() @IsIn(SERVICE_MODES) serviceMode?: ServiceMode;
  @ApiPropertyOptional({ example: '候补预约' }) @IsOmittable() @IsString() @Length(1, 500) purpose?: string;
}

export class WaitlistEntryView {
  @ApiUuid() id!: string;
  @ApiUuid() userId!: string;
  @ApiUuid() instrumentId!: string;
  @ApiInstant() start!: string;
  @ApiInstant() end!: string;
  @ApiProperty({ enum: SERVICE_MODES }) serviceMode!: ServiceMode;
  @ApiProperty() purpose!: string;
  @ApiProperty({ enum: WAITLIST_STATUSES }) status!: WaitlistStatus;
  @ApiInteger({ nullable: true, description: '1 = next in line (waiting entries only)' }) position!: number | null;
  @ApiInstant({ nullable: true, description: 'an offer is open until then' }) expiresAt!: string | null;
  @ApiUuid({ nullable: true, description: 'the booking an accepted offer made' }) bookingId!: string | null;
  @ApiInstant() createdAt!: string;
}

export class WaitlistQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WAITLIST_STATUSES }) @IsOptional() @IsIn(WAITLIST_STATUSES) status?: WaitlistStatus;
}

// ---- no-show suspensions ----

export class SuspensionView {
  @ApiUuid() id!: string;
  @ApiUuid() userId!: string;
  @ApiUuid() institutionId!: string;
  @ApiInstant() from!: string;
  @ApiInstant() until!: string;
  @ApiInteger() noShows!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'in force now (started, not ended, not lifted)' }) active!: boolean;
  @ApiInstant({ nullable: true }) liftedAt!: string | null;
  @ApiUuid({ nullable: true }) liftedBy!: string | null;
  @ApiText({ nullable: true }) liftReason!: string | null;
  @ApiInstant() createdAt!: string;
}

export class SuspensionQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'only those in force now' }) @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() active?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsUUID() userId?: string;
}

export class LiftSuspensionDto {
  @ApiProperty({ example: '已核实为系统故障导致未签到' }) @IsString() @Length(1, 500) reason!: string;
}

export class NoShowPolicyDto {
  @ApiProperty({ example: 3, description: 'K: this many no-shows …' }) @IsInt() @Min(1) @Max(100) noShowLimit!: number;
  @ApiProperty({ example: 90, description: '… within this many days …' }) @IsInt() @Min(1) @Max(3650) windowDays!: number;
  @ApiProperty({ example: 30, description: '… suspend booking of the institution’s instruments for this many days' }) @IsInt() @Min(1) @Max(3650) suspensionDays!: number;
}

export class NoShowPolicyView {
  @ApiUuid() institutionId!: string;
  @ApiInteger() noShowLimit!: number;
  @ApiInteger() windowDays!: number;
  @ApiInteger() suspensionDays!: number;
  @ApiProperty({ description: 'false: the platform defaults (3 / 90 / 30)' }) custom!: boolean;
}

// ---- maintenance over bookings ----

export class BlackoutConflictsQuery {
  @ApiProperty() @IsInstant() start!: string;
  @ApiProperty() @IsInstant() end!: string;
}

export class BlackoutConflictView {
  @ApiUuid() bookingId!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ example: 'approved' }) status!: string;
  @ApiUuid() userId!: string;
  @ApiInstant() start!: string;
  @ApiInstant() end!: string;
}

// ---- scheduled sweeps (internal) ----

/** What one sweep did (the job's result; tests call the sweep with an explicit now). */
export interface SweepReply {
  noShows: number;
  suspensions: number;
  reminders: number;
  offersExpired: number;
  offered: number;
}


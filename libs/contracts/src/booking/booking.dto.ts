import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../pagination';
import { ID_OR_CODE_PATTERN } from '@yixiang/domain';
import type { HeldKind } from '@yixiang/domain/booking';
import { CODE_PATTERN, SERVICE_MODES, ServiceMode } from '../catalogue/enums';
import { IsInstant } from '../validation';
import { ApiFen, ApiInstant, ApiInteger, ApiText, ApiUuid } from '../openapi';
import type { BookingRules } from '../catalogue/instrument.dto';
import type { WeeklyOpeningDto } from '../catalogue/availability.dto';
import { SERVICE_CATEGORIES, ServiceCategory } from '../billing/usage.dto';

export const BOOKING_STATUSES = ['requested', 'approved', 'in_use', 'completed', 'rejected', 'cancelled', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** Issue 18: where a member's booking stands with the group's PI (null: it needs no PI approval). */
export const PI_APPROVALS = ['pending', 'approved', 'rejected'] as const;
export type PiApproval = (typeof PI_APPROVALS)[number];
/** The statuses that hold time on the instrument (the exclusion constraint's predicate). */
export const ACTIVE_BOOKING_STATUSES: readonly BookingStatus[] = ['requested', 'approved', 'in_use'];

export const BOOKING_ACTIONS = ['approve', 'reject', 'cancel', 'check-in', 'check-out', 'no-show'] as const;
export type BookingAction = (typeof BOOKING_ACTIONS)[number];

export class CreateBookingDto {
  @ApiProperty({ description: 'instrument id (or its code)' })
  @IsString() @Matches(ID_OR_CODE_PATTERN, { message: 'instrumentId must be a UUID or an instrument code' })
  instrumentId!: string;

  @ApiProperty({ example: '2026-12-01T09:00:00+08:00' }) @IsInstant() start!: string;
  @ApiProperty({ example: '2026-12-01T11:00:00+08:00' }) @IsInstant() end!: string;
  @ApiProperty({ enum: SERVICE_MODES }) @IsIn(SERVICE_MODES) serviceMode!: ServiceMode;
  @ApiProperty({ example: '钙钛矿薄膜形貌表征' }) @IsString() @Length(1, 500) purpose!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE_PATTERN, { message: 'projectCode may hold letters, digits, . _ -' }) projectCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() voucherId?: string;
  @ApiPropertyOptional({ enum: SERVICE_CATEGORIES, default: 'research', description: 'what the service is for (billing and the evaluation treat some categories apart)' })
  @IsOptional() @IsIn(SERVICE_CATEGORIES) serviceCategory?: ServiceCategory;
  @ApiPropertyOptional({ description: 'number of samples (sample submission)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) samples?: number;
  @ApiPropertyOptional({ description: 'the research group’s fund account (经费卡) that pays; the estimated charge is held on it when the booking is approved' })
  @IsOptional() @IsUUID() fundAccountId?: string;
}

export class BookingActionDto {
  @ApiPropertyOptional({ description: 'why (shown to the researcher on reject and cancel)' })
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class BookingListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) instrumentId?: string;
  @ApiPropertyOptional({ enum: BOOKING_STATUSES }) @IsOptional() @IsIn(BOOKING_STATUSES) status?: BookingStatus;
  @ApiPropertyOptional() @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() to?: string;
}

export class SlotsQuery {
  @ApiProperty() @IsInstant() from!: string;
  @ApiProperty() @IsInstant() to!: string;
}

export class EarliestSlotQuery {
  @ApiPropertyOptional({ description: 'category code (2 or 4 digits)' }) @IsOptional() @Matches(/^\d{2}(\d{2})?$/, { message: 'category must be a 2- or 4-digit code' }) category?: string;
  @ApiPropertyOptional({ description: 'free text, as in the catalogue search' }) @IsOptional() @IsString() @Length(1, 100) q?: string;
  @ApiProperty({ description: 'minutes needed' }) @Type(() => Number) @IsInt() @Min(1) @Max(7 * 24 * 60) durationMinutes!: number;
  @ApiPropertyOptional({ description: 'not before (default now)' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'how far ahead to look, in days (default 14)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(90) withinDays?: number;
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
  @ApiPropertyOptional({ enum: SERVICE_MODES }) @IsOptional() @IsIn(SERVICE_MODES) mode?: ServiceMode;
}

export class CalendarTokenDto {
  @ApiPropertyOptional({ description: 'an instrument’s feed (its staff); without it, your own bookings' })
  @IsOptional() @IsString() @MaxLength(64) instrumentId?: string;
}

export class BookingView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'BK-20261201-0001' }) code!: string;
  @ApiUuid() instrumentId!: string;
  @ApiUuid() providerInstitutionId!: string;
  @ApiUuid() userId!: string;
  @ApiUuid() userInstitutionId!: string;
  @ApiProperty({ enum: SERVICE_MODES }) serviceMode!: ServiceMode;
  @ApiProperty({ enum: SERVICE_CATEGORIES }) serviceCategory!: ServiceCategory;
  @ApiProperty() purpose!: string;
  @ApiText({ nullable: true }) projectCode!: string | null;
  @ApiUuid({ nullable: true }) voucherId!: string | null;
  @ApiInteger({ nullable: true, description: 'number of samples (sample submission)' }) samples!: number | null;
  @ApiProperty({ enum: BOOKING_STATUSES }) status!: BookingStatus;
  @ApiInstant() start!: string;
  @ApiInstant() end!: string;
  @ApiInstant({ nullable: true }) checkedInAt!: string | null;
  @ApiInstant({ nullable: true }) checkedOutAt!: string | null;
  @ApiText({ nullable: true, description: 'why it was rejected or cancelled' }) reason!: string | null;
  @ApiInstant() createdAt!: string;
  @ApiInstant() updatedAt!: string;
  @ApiUuid({ nullable: true, description: 'the recurring series this booking is an occurrence of' }) seriesId!: string | null;
  @ApiProperty({ type: () => BookingOverrunView, nullable: true, description: 'the check-out came after the end and ran into this later booking (for the operator)' })
  overrun!: BookingOverrunView | null;
  @ApiUuid({ nullable: true, description: 'the fund account (经费卡) that pays' }) fundAccountId!: string | null;
  @ApiFen({ nullable: true, description: 'the estimate held on the fund account while the booking is approved and not settled; null: no hold' }) heldFen!: number | null;
  @ApiFen({ nullable: true, description: 'what settlement charged the fund account for it (the hold it replaced is gone); null: not settled' }) chargedFen!: number | null;
  @ApiProperty({ enum: PI_APPROVALS, nullable: true, type: String, description: 'the PI’s approval of a member’s booking above the account’s threshold: pending (requested, nothing held until the PI approves), approved, rejected; null: not needed' })
  piApproval!: PiApproval | null;
}

export class BookingOverrunView {
  @ApiUuid() intoBookingId!: string;
  @ApiInteger({ description: 'whole minutes of the later booking that the use took' }) minutes!: number;
}

/** A free interval [start, end). */
export class FreeSlotView {
  @ApiInstant() start!: string;
  @ApiInstant() end!: string;
}

/**
 * Whose an interval of held time is, as the caller may know it: `own` their own booking, `taken`
 * someone else's (who, is not said), `maintenance` a blackout. Time neither free nor held is closed
 * (outside opening hours, in the past, inside the lead time, or a gap shorter than a booking).
 */
export const HELD_KINDS: readonly HeldKind[] = ['own', 'taken', 'maintenance'];

/** An interval [start, end) held by a booking or a blackout. */
export class HeldSlotView {
  @ApiInstant() start!: string;
  @ApiInstant() end!: string;
  @ApiProperty({ enum: HELD_KINDS, description: 'own: the caller’s booking; taken: someone else’s; maintenance: a blackout' }) kind!: HeldKind;
}

export class SlotsView {
  @ApiUuid() instrumentId!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone!: string;
  @ApiInteger({ example: 30 }) slotMinutes!: number;
  @ApiProperty({ type: [FreeSlotView] }) free!: FreeSlotView[];
  @ApiProperty({ type: [HeldSlotView], description: 'bookings and blackouts overlapping the window, so a calendar can tell them from closed hours' })
  held!: HeldSlotView[];
}

export class EarliestSlot {
  @ApiUuid() instrumentId!: string;
  @ApiProperty({ example: 'EQ-A1' }) instrumentCode!: string;
  @ApiProperty() instrumentName!: string;
  @ApiUuid() institutionId!: string;
  @ApiProperty() institutionName!: string;
  @ApiInstant() start!: string;
  @ApiInstant() end!: string;
}

/** What the booking service needs to know about an instrument, asked of the catalogue. */
export interface BookingContext {
  instrumentId: string;
  code: string;
  name: string;
  institutionId: string;
  institutionName: string;
  /** The owner institution's region (issue 16: regional bureau officers); null: none recorded. */
  institutionRegion: string | null;
  sharingStatus: 'open' | 'internal' | 'suspended';
  retiredOn: string | null;
  onlineBooking: boolean;
  serviceModes: ServiceMode[];
  timezone: string;
  weekly: WeeklyOpeningDto[];
  bookingRules: BookingRules;
}


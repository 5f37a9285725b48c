import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { PageQuery } from '../pagination';
import { ApiInstant, ApiInteger, ApiPeriod, ApiText, ApiUuid } from '../openapi';
import { SERVICE_MODES, ServiceMode } from '../catalogue/enums';
import { IsInstant, IsPeriod, IsWithinUsageSpan } from '../validation';

export const SERVICE_CATEGORIES = [
  'research', 'testing', 'training', 'statutory-certification', 'law-enforcement', 'commercial-inspection', 'commercial-filming', 'medical-service',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** completed and void as in usage.csv; held: a recorded use that overlaps another and waits for review. */
export const USAGE_STATUSES = ['completed', 'void', 'held'] as const;
export type UsageStatus = (typeof USAGE_STATUSES)[number];
/** terminal: a session an instrument's terminal reported and that was confirmed (issue 20); sample-order: a completed sample order (issue 18). */
export const USAGE_SOURCES = ['terminal', 'check-out', 'import', 'manual', 'sample-order'] as const;
export type UsageSource = (typeof USAGE_SOURCES)[number];

export class CreateUsageDto {
  @ApiProperty({ description: 'instrument id or code' }) @IsString() @Length(1, 64) instrumentId!: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(200) userEmail?: string;
  @ApiProperty({ example: '2026-12-01T09:00:00+08:00' }) @IsInstant() start!: string;
  @ApiProperty() @IsInstant() @IsWithinUsageSpan('start') end!: string;
  @ApiProperty({ enum: SERVICE_MODES }) @IsIn(SERVICE_MODES) serviceMode!: ServiceMode;
  @ApiProperty({ enum: SERVICE_CATEGORIES }) @IsIn(SERVICE_CATEGORIES) serviceCategory!: ServiceCategory;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) samples?: number;
  @ApiProperty({ description: 'why the record is entered by hand (kept with it)' }) @IsString() @Length(3, 500) reason!: string;
}

export class UsageListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) instrumentId?: string;
  @ApiPropertyOptional({ enum: USAGE_STATUSES }) @IsOptional() @IsIn(USAGE_STATUSES) status?: UsageStatus;
  @ApiPropertyOptional({ enum: USAGE_SOURCES }) @IsOptional() @IsIn(USAGE_SOURCES) source?: UsageSource;
  @ApiPropertyOptional({ description: 'YYYY-MM (Asia/Shanghai month of the start)' }) @IsOptional() @IsPeriod() period?: string;
}

export class UsageView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'UR-2025-0001' }) code!: string;
  @ApiUuid() instrumentId!: string;
  @ApiUuid() providerInstitutionId!: string;
  @ApiUuid() userId!: string;
  @ApiUuid() userInstitutionId!: string;
  @ApiProperty({ enum: SERVICE_MODES }) serviceMode!: ServiceMode;
  @ApiProperty({ enum: SERVICE_CATEGORIES }) serviceCategory!: ServiceCategory;
  @ApiInstant() start!: string;
  @ApiInstant() end!: string;
  @ApiInteger({ nullable: true }) samples!: number | null;
  @ApiProperty({ enum: USAGE_STATUSES }) status!: UsageStatus;
  @ApiProperty({ enum: USAGE_SOURCES }) source!: UsageSource;
  @ApiUuid({ nullable: true }) bookingId!: string | null;
  @ApiText({ nullable: true, description: 'why it was entered by hand' }) reason!: string | null;
  @ApiUuid({ nullable: true }) createdBy!: string | null;
  @ApiInstant() createdAt!: string;
}

export class UsageMonthlyQuery {
  @ApiProperty({ example: 2025, description: 'calendar year (Asia/Shanghai)' }) @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
}

/** Completed usage of one Asia/Shanghai month of the instruments the reader oversees. */
export class UsageMonthView {
  @ApiPeriod() period!: string;
  @ApiInteger() records!: number;
  @ApiInteger() minutes!: number;
  /** Minutes used by people of other institutions. */
  @ApiInteger({ description: 'minutes used by people of other institutions' }) externalMinutes!: number;
  @ApiInteger() instruments!: number;
}

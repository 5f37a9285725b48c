import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsInstant } from '../validation';
import { CODE_PATTERN } from './enums';

export class WeeklyOpeningDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }) @IsInt() @Min(1) @Max(7) weekday!: number;
  @ApiProperty({ example: '08:00' }) @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'start must be HH:MM' }) start!: string;
  @ApiProperty({ example: '22:00' }) @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: 'end must be HH:MM or 24:00' }) end!: string;
}

export class AvailabilityDto {
  @ApiProperty({ example: 'Asia/Shanghai' }) @IsString() @MaxLength(64) timezone!: string;
  @ApiProperty({ type: [WeeklyOpeningDto], description: 'no entry for a day = closed' })
  @IsArray() @ArrayMaxSize(70) @ValidateNested({ each: true }) @Type(() => WeeklyOpeningDto) weekly!: WeeklyOpeningDto[];
}

export class CreateBlackoutDto {
  @ApiProperty({ example: '2026-12-01T08:00:00+08:00' }) @IsInstant() start!: string;
  @ApiProperty() @IsInstant() end!: string;
  @ApiProperty({ example: '年度维护' }) @IsString() @Length(1, 500) reason!: string;
}

export interface BlackoutView {
  id: string;
  instrumentId: string;
  start: string;
  end: string;
  reason: string;
  createdAt: string;
}

export class GrantQualificationDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(200) userEmail?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() instrumentId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CODE_PATTERN) instrumentCode?: string;
  @ApiProperty({ example: '2027-06-30T00:00:00+08:00' }) @IsInstant() validTo!: string;
}

export interface QualificationView {
  id: string;
  userId: string;
  instrumentId: string;
  validTo: string;
  grantedBy: string | null;
  createdAt: string;
}

export interface AvailabilityView {
  instrumentId: string;
  timezone: string;
  weekly: WeeklyOpeningDto[];
}

export interface CategoryView {
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string | null;
}

/** Request shapes that carry an id from the path together with a body. */
export interface WithId<T = undefined> {
  id: string;
  body: T;
}

export class IdParam {
  @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export class QualificationQuery {
  @IsOptional() @IsUUID() instrumentId?: string;
  @IsOptional() @IsUUID() userId?: string;
}

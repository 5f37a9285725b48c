import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsInstant, IsOmittable } from '../validation';
import { ApiInstant, ApiText, ApiUuid } from '../openapi';
import { PageQuery } from '../pagination';
import { QUALIFICATION_STANDINGS, type QualificationStanding } from '@yixiang/domain';
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
  @ApiPropertyOptional({ default: false, description: 'cancel the bookings the window covers (their owners are told, with the reason); without it such a window is refused with 409 listing them' })
  @IsOmittable() @IsBoolean() cancelConflicting?: boolean;
}

export class BlackoutView {
  @ApiUuid() id!: string;
  @ApiUuid() instrumentId!: string;
  @ApiInstant() start!: string;
  @ApiInstant() end!: string;
  @ApiProperty() reason!: string;
  @ApiInstant() createdAt!: string;
  @ApiPropertyOptional({ type: [String], description: 'on creation with cancelConflicting: the bookings it cancelled' }) cancelledBookingIds?: string[];
}

export class GrantQualificationDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(200) userEmail?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() instrumentId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CODE_PATTERN) instrumentCode?: string;
  @ApiProperty({ example: '2027-06-30T00:00:00+08:00' }) @IsInstant() validTo!: string;
}

export class QualificationView {
  @ApiUuid() id!: string;
  @ApiUuid() userId!: string;
  @ApiUuid() instrumentId!: string;
  @ApiInstant() validTo!: string;
  @ApiUuid({ nullable: true, description: 'the user who granted it' }) grantedBy!: string | null;
  @ApiInstant() createdAt!: string;
}

export class AvailabilityView {
  @ApiUuid() instrumentId!: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone!: string;
  @ApiProperty({ type: [WeeklyOpeningDto] }) weekly!: WeeklyOpeningDto[];
}

export class CategoryView {
  @ApiProperty({ example: '0101' }) code!: string;
  @ApiText({ nullable: true, example: '01' }) parentCode!: string | null;
  @ApiProperty({ example: '电子光学仪器' }) nameZh!: string;
  @ApiText({ nullable: true }) nameEn!: string | null;
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

/** The qualifications page's list (issue 21): a page of who may run which instrument, with their names. */
export class QualificationRosterQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'only this instrument' }) @IsOptional() @IsUUID() instrumentId?: string;
  @ApiPropertyOptional({ description: 'part of the user\'s name or email, or of the instrument\'s name or code' })
  @IsOptional() @IsString() @MaxLength(100) q?: string;
}

/** One qualification with the names an operator reads: who, which instrument, until when, and how it stands now. */
export class QualificationRosterView extends QualificationView {
  @ApiProperty({ example: '李雷' }) userName!: string;
  @ApiText({ nullable: true, example: 'li.lei@a-univ.example.cn' }) userEmail!: string | null;
  @ApiProperty({ example: 'EQ-A1' }) instrumentCode!: string;
  @ApiProperty({ example: '场发射扫描电子显微镜' }) instrumentName!: string;
  @ApiProperty({ enum: QUALIFICATION_STANDINGS, description: 'valid; expiring (validTo within 30 days); expired (validTo passed — no longer lets the user book alone)' })
  standing!: QualificationStanding;
}

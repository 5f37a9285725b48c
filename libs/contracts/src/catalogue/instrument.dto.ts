import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max,
  MaxLength, Min, ValidateNested,
} from 'class-validator';
import { MAX_FEN, regionFromInput } from '@yixiang/domain';
import { PageQuery } from '../pagination';
import { ApiDate, ApiFen, ApiInstant, ApiInteger, ApiText, ApiUuid } from '../openapi';
import { IsCalendarDate, IsInstant, IsOmittable } from '../validation';
import {
  CODE_PATTERN, SERVICE_MODES, SHARING_STATUSES, ServiceMode, SharingStatus,
} from './enums';

export class BookingRulesDto {
  @ApiPropertyOptional({ default: 30 }) @IsOmittable() @IsInt() @Min(5) @Max(1440) slotMinutes?: number;
  @ApiPropertyOptional({ default: 30 }) @IsOmittable() @IsInt() @Min(1) @Max(60 * 24 * 14) minMinutes?: number;
  @ApiPropertyOptional({ default: 480 }) @IsOmittable() @IsInt() @Min(1) @Max(60 * 24 * 31) maxMinutes?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOmittable() @IsInt() @Min(0) @Max(60 * 24 * 365) leadMinutes?: number;
  @ApiPropertyOptional({ default: 1440 }) @IsOmittable() @IsInt() @Min(0) @Max(60 * 24 * 365) cancelDeadlineMinutes?: number;
  @ApiPropertyOptional({ default: false }) @IsOmittable() @IsBoolean() approvalRequired?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOmittable() @IsBoolean() qualificationRequired?: boolean;
  @ApiPropertyOptional({ default: 15, description: 'check-in opens this many minutes before the start (and stays open until the end)' })
  @IsOmittable() @IsInt() @Min(0) @Max(60 * 24 * 366) checkInBeforeMinutes?: number;
  @ApiPropertyOptional({ default: 30, description: 'a booking not checked in this many minutes after its start becomes a no-show' })
  @IsOmittable() @IsInt() @Min(1) @Max(24 * 60) noShowAfterMinutes?: number;
}

export type BookingRules = Required<BookingRulesDto>;

export const DEFAULT_BOOKING_RULES: BookingRules = {
  slotMinutes: 30,
  minMinutes: 30,
  maxMinutes: 480,
  leadMinutes: 0,
  cancelDeadlineMinutes: 1440,
  approvalRequired: false,
  qualificationRequired: false,
  checkInBeforeMinutes: 15,
  noShowAfterMinutes: 30,
};

export class CreateInstrumentDto {
  @ApiPropertyOptional({ description: 'exchange-format code; generated when absent', example: 'EQ-A1' })
  @IsOptional() @Matches(CODE_PATTERN, { message: 'code must be 1–64 letters, digits, ".", "_" or "-"' }) code?: string;
  @ApiPropertyOptional({ description: 'owner; defaults to the admin’s own institution' }) @IsOptional() @IsUUID() institutionId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CODE_PATTERN) institutionCode?: string;
  @ApiProperty({ example: '场发射扫描电子显微镜' }) @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional({ type: String, example: 'Gemini 300', nullable: true }) @IsOptional() @IsString() @MaxLength(200) model?: string | null;
  @ApiPropertyOptional({ type: String, example: 'Carl Zeiss', nullable: true }) @IsOptional() @IsString() @MaxLength(200) manufacturer?: string | null;
  @ApiPropertyOptional({ type: String, example: 'DE', description: 'ISO 3166-1 alpha-2', nullable: true })
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'countryOfOrigin must be an ISO 3166-1 alpha-2 code such as CN or DE' })
  countryOfOrigin?: string | null;
  @ApiProperty({ example: '0101', description: 'second-level code of the national instrument classification' })
  @Matches(/^\d{4}$/, { message: 'categoryCode must be a 4-digit second-level code such as 0101' }) categoryCode!: string;
  @ApiProperty({ example: 650000000 }) @IsInt() @Min(0) @Max(MAX_FEN) originalValueFen!: number;
  @ApiPropertyOptional({ type: String, format: 'date', example: '2021-09-15', nullable: true }) @IsOptional() @IsCalendarDate()
  purchaseDate?: string | null;
  @ApiPropertyOptional({ default: false }) @IsOmittable() @IsBoolean() specialised?: boolean;
  @ApiPropertyOptional({ enum: SHARING_STATUSES, default: 'open' }) @IsOmittable() @IsIn(SHARING_STATUSES) sharingStatus?: SharingStatus;
  @ApiPropertyOptional({ default: false }) @IsOmittable() @IsBoolean() onlineBooking?: boolean;
  @ApiPropertyOptional({ type: String, format: 'date', nullable: true }) @IsOptional() @IsCalendarDate() retiredOn?: string | null;
  @ApiPropertyOptional({ type: String, example: '理学楼 B102', nullable: true }) @IsOptional() @IsString() @MaxLength(300) location?: string | null;
  @ApiPropertyOptional({ type: String, description: 'technical specifications', nullable: true }) @IsOptional() @IsString() @MaxLength(10000) specifications?: string | null;
  @ApiPropertyOptional({ type: String, description: 'main functions', nullable: true }) @IsOptional() @IsString() @MaxLength(10000) mainFunctions?: string | null;
  @ApiPropertyOptional({ enum: SERVICE_MODES, isArray: true, default: ['self'] })
  @IsOmittable() @IsArray() @ArrayMaxSize(SERVICE_MODES.length) @ArrayUnique() @IsIn(SERVICE_MODES, { each: true }) serviceModes?: ServiceMode[];
  @ApiPropertyOptional({ type: BookingRulesDto }) @IsOmittable() @ValidateNested() @Type(() => BookingRulesDto)
  bookingRules?: BookingRulesDto;
}

/** A field sent must not be null unless the instrument may lack it (model, manufacturer, country, dates, texts: null clears those). */
export class UpdateInstrumentDto extends PartialType(OmitType(CreateInstrumentDto, ['code', 'institutionId', 'institutionCode'] as const), { skipNullProperties: false }) {}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class InstrumentSearchQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'free text over name, model, manufacturer and main functions (Chinese or English); every whitespace-separated term must match. '
      + 'A term also finds its synonyms and abbreviations (电镜 ⇄ 电子显微镜, SEM ⇄ 扫描电镜, NMR ⇄ 核磁), and a term of Latin letters the names whose pinyin initials start with it (tsd → 透射电子显微镜)',
    example: '电镜',
  })
  @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ description: 'category code: 2 digits (top level) or 4 digits' })
  @IsOptional() @Matches(/^\d{2}(\d{2})?$/, { message: 'category must be a 2- or 4-digit category code' }) category?: string;
  @ApiPropertyOptional({ description: 'institution id or code' }) @IsOptional() @IsString() @MaxLength(64) institution?: string;
  @ApiPropertyOptional({ description: 'region code in any case (CQ, cq) or name (重庆, 四川省, 渝)', example: 'CQ' })
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? regionFromInput(value) ?? value : value))
  @Matches(/^[A-Z]{2,8}$/, { message: '地区应为地区代码或名称，如 CQ、重庆 / region must be a region code or name, e.g. CQ or 重庆' }) region?: string;
  @ApiPropertyOptional({ enum: SERVICE_MODES }) @IsOptional() @IsIn(SERVICE_MODES) mode?: ServiceMode;
  @ApiPropertyOptional({ description: 'a currently valid external price at most this (per unit)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) maxPriceFen?: number;
  @ApiPropertyOptional({ enum: SHARING_STATUSES }) @IsOptional() @IsIn(SHARING_STATUSES) sharingStatus?: SharingStatus;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() onlineBooking?: boolean;
  @ApiPropertyOptional({ description: 'free in [availableFrom, availableTo) — needs the booking service' })
  @IsOptional() @IsInstant() availableFrom?: string;
  @ApiPropertyOptional() @IsOptional() @IsInstant() availableTo?: string;
}

/** The owner of an instrument, as a search result shows it. */
export class InstrumentInstitutionView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'A-UNIV' }) code!: string;
  @ApiProperty({ example: '重庆嘉陵理工大学' }) name!: string;
  @ApiText({ nullable: true, example: 'CQ' }) region!: string | null;
}

export class InstrumentCategoryView {
  @ApiProperty({ example: '0101' }) code!: string;
  @ApiProperty({ example: '电子光学仪器' }) nameZh!: string;
  @ApiText({ nullable: true, example: '01' }) parentCode!: string | null;
}

/** An instrument's booking rules with every default filled in (BookingRules). */
export class BookingRulesView implements BookingRules {
  @ApiInteger({ example: 30 }) slotMinutes!: number;
  @ApiInteger({ example: 30 }) minMinutes!: number;
  @ApiInteger({ example: 480 }) maxMinutes!: number;
  @ApiInteger({ example: 0 }) leadMinutes!: number;
  @ApiInteger({ example: 1440 }) cancelDeadlineMinutes!: number;
  @ApiProperty() approvalRequired!: boolean;
  @ApiProperty() qualificationRequired!: boolean;
  @ApiInteger({ example: 15 }) checkInBeforeMinutes!: number;
  @ApiInteger({ example: 30 }) noShowAfterMinutes!: number;
}

export class InstrumentSummary {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'EQ-A1' }) code!: string;
  @ApiProperty({ example: '场发射扫描电子显微镜' }) name!: string;
  @ApiText({ nullable: true, example: 'Gemini 300' }) model!: string | null;
  @ApiText({ nullable: true, example: 'Carl Zeiss' }) manufacturer!: string | null;
  @ApiProperty({ example: '0101' }) categoryCode!: string;
  @ApiProperty({ enum: SHARING_STATUSES }) sharingStatus!: SharingStatus;
  @ApiProperty() onlineBooking!: boolean;
  @ApiProperty({ enum: SERVICE_MODES, isArray: true }) serviceModes!: ServiceMode[];
  @ApiFen({ example: 650000000 }) originalValueFen!: number;
  @ApiProperty({ type: InstrumentInstitutionView }) institution!: InstrumentInstitutionView;
  /** Lowest currently valid external price per unit, if any card is valid now. */
  @ApiFen({ nullable: true, description: 'lowest currently valid external price per unit (fen), if any card is valid now' }) fromPriceFen!: number | null;
}

export class InstrumentView extends InstrumentSummary {
  @ApiText({ nullable: true, example: 'DE' }) countryOfOrigin!: string | null;
  @ApiDate({ nullable: true }) purchaseDate!: string | null;
  @ApiProperty() specialised!: boolean;
  @ApiDate({ nullable: true }) retiredOn!: string | null;
  @ApiText({ nullable: true }) location!: string | null;
  @ApiText({ nullable: true }) specifications!: string | null;
  @ApiText({ nullable: true }) mainFunctions!: string | null;
  @ApiProperty({ type: BookingRulesView }) bookingRules!: BookingRulesView;
  @ApiProperty({ type: InstrumentCategoryView }) category!: InstrumentCategoryView;
  @ApiInstant() createdAt!: string;
  @ApiInstant() updatedAt!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ID_OR_CODE_PATTERN, SAMPLE_HAZARDS, SAMPLE_ORDER_STATES, type SampleHazard, type SampleOrderState } from '@yixiang/domain';
import { PageQuery } from '../pagination';
import { CODE_PATTERN } from '../catalogue/enums';
import { ApiInstant, ApiInteger, ApiText, ApiUuid } from '../openapi';
import { SERVICE_CATEGORIES, ServiceCategory } from '../billing/usage.dto';

/**
 * Sample submission (送样检测, issue 18): the requester sends samples, the instrument's staff accept,
 * receive, test and report. The states and who takes each step are libs/domain's (samples/).
 */
/** The steps taken by a click; the report is issued by uploading it (POST /sample-orders/:id/report). */
export const SAMPLE_ORDER_ACTIONS = ['accept', 'reject', 'receive', 'start-testing', 'complete', 'cancel'] as const;
export type SampleOrderClickAction = (typeof SAMPLE_ORDER_ACTIONS)[number];

/** The hazard classes are libs/domain's (the web form lists them too). */
export { SAMPLE_HAZARDS };
export type { SampleHazard };

export const SAMPLE_DELIVERIES = ['by-hand', 'courier'] as const;
export type SampleDelivery = (typeof SAMPLE_DELIVERIES)[number];

/** The largest order: a tray of 96-well plates is counted per well by some labs, never more than this. */
export const MAX_SAMPLES_PER_ORDER = 1000;

export class CreateSampleOrderDto {
  @ApiProperty({ description: 'instrument id (or its code)' })
  @IsString() @Matches(ID_OR_CODE_PATTERN, { message: 'instrumentId must be a UUID or an instrument code' })
  instrumentId!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_SAMPLES_PER_ORDER, description: 'how many samples are sent (billed per sample)' })
  @Type(() => Number) @IsInt() @Min(1) @Max(MAX_SAMPLES_PER_ORDER) sampleCount!: number;

  @ApiProperty({ type: [String], description: 'the samples’ names or labels, one per sample or fewer (a batch under one name)', example: ['S-1 钙钛矿薄膜', 'S-2 对照'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_SAMPLES_PER_ORDER) @IsString({ each: true }) @Length(1, 200, { each: true }) sampleNames!: string[];

  @ApiPropertyOptional({ enum: SAMPLE_HAZARDS, isArray: true, description: 'hazard classes of the samples (none: not hazardous)' })
  @IsOptional() @IsArray() @ArrayMaxSize(SAMPLE_HAZARDS.length) @ArrayUnique() @IsIn(SAMPLE_HAZARDS, { each: true }) hazards?: SampleHazard[];

  @ApiPropertyOptional({ description: 'handling notes for the hazards (storage, disposal)' })
  @IsOptional() @IsString() @Length(1, 500) hazardNotes?: string;

  @ApiProperty({ description: 'what to measure and how', example: 'XRD 物相分析，10°–80°' })
  @IsString() @Length(1, 2000) requestedTests!: string;

  @ApiProperty({ enum: SAMPLE_DELIVERIES }) @IsIn(SAMPLE_DELIVERIES) delivery!: SampleDelivery;

  @ApiPropertyOptional({ description: 'the courier’s tracking number (required with delivery courier)', example: 'SF1234567890' })
  @ValidateIf((o: CreateSampleOrderDto) => o.delivery === 'courier' || o.trackingNumber !== undefined)
  @IsString() @Matches(/^[A-Za-z0-9-]{4,40}$/, { message: 'trackingNumber must be 4–40 letters, digits or -' }) trackingNumber?: string;

  @ApiPropertyOptional({ enum: SERVICE_CATEGORIES, default: 'testing', description: 'what the service is for (billing and the evaluation treat some categories apart)' })
  @IsOptional() @IsIn(SERVICE_CATEGORIES) serviceCategory?: ServiceCategory;

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CODE_PATTERN, { message: 'projectCode may hold letters, digits, . _ -' }) projectCode?: string;
}

export class SampleOrderActionDto {
  @ApiPropertyOptional({ description: 'why (required to reject; kept on cancel)' })
  @IsOptional() @IsString() @Length(1, 500) reason?: string;
}

export class SampleOrderListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'instrument id or code' }) @IsOptional() @IsString() @MaxLength(64) instrumentId?: string;
  @ApiPropertyOptional({ enum: SAMPLE_ORDER_STATES }) @IsOptional() @IsIn(SAMPLE_ORDER_STATES) state?: SampleOrderState;
  @ApiPropertyOptional({ enum: ['mine', 'queue'], description: 'mine: orders I submitted; queue: orders on my institution’s instruments (staff)' })
  @IsOptional() @IsIn(['mine', 'queue']) scope?: 'mine' | 'queue';
}

export class SampleReportView {
  @ApiProperty() fileName!: string;
  @ApiProperty() contentType!: string;
  @ApiInteger({ description: 'bytes' }) size!: number;
  @ApiProperty({ description: 'SHA-256 of the file, hex' }) sha256!: string;
  @ApiInstant() uploadedAt!: string;
  @ApiUuid() uploadedBy!: string;
}

export class SampleOrderView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'SO-20261205-1A2B3C' }) code!: string;
  @ApiUuid() instrumentId!: string;
  @ApiProperty() instrumentCode!: string;
  @ApiProperty() instrumentName!: string;
  @ApiUuid() providerInstitutionId!: string;
  @ApiUuid() userId!: string;
  @ApiUuid() userInstitutionId!: string;
  @ApiInteger() sampleCount!: number;
  @ApiProperty({ type: [String] }) sampleNames!: string[];
  @ApiProperty({ enum: SAMPLE_HAZARDS, isArray: true }) hazards!: SampleHazard[];
  @ApiText({ nullable: true }) hazardNotes!: string | null;
  @ApiProperty() requestedTests!: string;
  @ApiProperty({ enum: SAMPLE_DELIVERIES }) delivery!: SampleDelivery;
  @ApiText({ nullable: true }) trackingNumber!: string | null;
  @ApiProperty({ enum: SERVICE_CATEGORIES }) serviceCategory!: ServiceCategory;
  @ApiText({ nullable: true }) projectCode!: string | null;
  @ApiProperty({ enum: SAMPLE_ORDER_STATES }) state!: SampleOrderState;
  @ApiText({ nullable: true, description: 'why it was rejected or cancelled' }) reason!: string | null;
  @ApiInstant() submittedAt!: string;
  @ApiInstant({ nullable: true }) acceptedAt!: string | null;
  @ApiInstant({ nullable: true }) rejectedAt!: string | null;
  @ApiInstant({ nullable: true }) receivedAt!: string | null;
  @ApiInstant({ nullable: true }) testingAt!: string | null;
  @ApiInstant({ nullable: true }) reportIssuedAt!: string | null;
  @ApiInstant({ nullable: true }) completedAt!: string | null;
  @ApiInstant({ nullable: true }) cancelledAt!: string | null;
  @ApiProperty({ type: () => SampleReportView, nullable: true, description: 'the report file, once issued' }) report!: SampleReportView | null;
  @ApiInstant() updatedAt!: string;
}

/** Turnaround of an instrument's sample orders: the median minutes from receipt to report. */
export class SampleTurnaroundView {
  @ApiUuid() instrumentId!: string;
  @ApiInteger({ description: 'orders with a report issued (completed or awaiting confirmation)' }) orders!: number;
  @ApiInteger({ nullable: true, description: 'median whole minutes from receipt to report; null without orders' }) medianMinutes!: number | null;
}

/** A report left in Redis by the gateway for the booking service to store (NATS messages stay small). */
export interface SampleReportUpload {
  blobKey: string;
  fileName: string;
  contentType: string;
}

/** A report the booking service left in Redis for the gateway to send, with what to send it as. */
export interface SampleReportFile {
  blobKey: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

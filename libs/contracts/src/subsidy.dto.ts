import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ApiFen, ApiInstant, ApiInteger, ApiText, ApiUuid } from './openapi';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class CreateSubsidyRunDto {
  @ApiProperty({ description: 'policy id' }) @IsUUID() policyId!: string;
  @ApiProperty({ example: 2025 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiPropertyOptional({ description: 'evaluate only the institutions of this region (users from anywhere still count as external)' })
  @IsOptional() @Matches(/^[A-Z]{2,8}$/, { message: 'region must be a region code (2–8 capital letters)' }) region?: string;
  @ApiPropertyOptional({ description: 'a what-if run: never publishable' }) @IsOptional() @IsBoolean() simulation?: boolean;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'policy fields to change for a simulation (e.g. {"rateBps": 2500})' }) @IsOptional() @IsObject() overrides?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'the run a simulation is compared with' }) @IsOptional() @IsUUID() baseRunId?: string;
}

/** The languages an institution's explanation is written in: the web app's two. */
export const EXPLANATION_LANGUAGES = ['zh', 'en'] as const;
export type ExplanationLanguage = (typeof EXPLANATION_LANGUAGES)[number];

export class SubsidyResultsQuery {
  @ApiPropertyOptional({ description: 'institution code or id: every number of its result, with the figures and rule behind it' })
  @IsOptional() @IsString() @MaxLength(64) institution?: string;

  @ApiPropertyOptional({ enum: EXPLANATION_LANGUAGES, default: 'zh', description: 'language of the explanation sentences' })
  @IsOptional() @IsIn(EXPLANATION_LANGUAGES) lang?: ExplanationLanguage;
}

export const SUBSIDY_RUN_STATUSES = ['pending', 'computing', 'draft', 'published', 'failed'] as const;

export class SubsidyRunView {
  @ApiUuid() id!: string;
  @ApiUuid() policyId!: string;
  @ApiProperty({ example: 'PERF-2025' }) policyCode!: string;
  @ApiInteger({ example: 2025 }) year!: number;
  @ApiText({ nullable: true, example: 'CQ' }) region!: string | null;
  @ApiProperty({ description: 'a what-if run: never publishable' }) simulation!: boolean;
  @ApiUuid({ nullable: true }) baseRunId!: string | null;
  @ApiProperty({ enum: SUBSIDY_RUN_STATUSES }) status!: (typeof SUBSIDY_RUN_STATUSES)[number];
  @ApiText({ nullable: true, description: 'hash of the frozen inputs' }) inputHash!: string | null;
  @ApiText({ nullable: true }) jobId!: string | null;
  @ApiInteger({ description: 'institutions evaluated' }) institutions!: number;
  @ApiFen({ nullable: true, description: 'the subsidy divided (fen), once computed' }) totalFen!: number | null;
  @ApiInstant() createdAt!: string;
  @ApiInstant({ nullable: true }) publishedAt!: string | null;
  @ApiText({ nullable: true }) error!: string | null;
}

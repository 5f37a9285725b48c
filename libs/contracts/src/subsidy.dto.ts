import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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

export interface SubsidyRunView {
  id: string; policyId: string; policyCode: string; year: number; region: string | null; simulation: boolean; baseRunId: string | null;
  status: 'pending' | 'computing' | 'draft' | 'published' | 'failed'; inputHash: string | null; jobId: string | null;
  institutions: number; totalFen: number | null; createdAt: string; publishedAt: string | null; error: string | null;
}

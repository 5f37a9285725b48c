import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { CODE_PATTERN, DATE_OR_INSTANT_PATTERN, RATE_UNITS, RateUnit, SERVICE_MODES, ServiceMode } from './enums';

const MSG_VALIDITY = 'must be YYYY-MM-DD (00:00 Asia/Shanghai) or an ISO 8601 instant with offset';

/** One rate card, with the columns of `rates.csv` (instrumentCode comes from the path). */
export class RateCardDto {
  @ApiProperty({ example: 'RC-A1-S1' }) @Matches(CODE_PATTERN) code!: string;
  @ApiProperty({ enum: SERVICE_MODES }) @IsIn(SERVICE_MODES) serviceMode!: ServiceMode;
  @ApiProperty({ enum: RATE_UNITS }) @IsIn(RATE_UNITS) unit!: RateUnit;
  @ApiProperty() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) internalPriceFen!: number;
  @ApiProperty() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) externalPriceFen!: number;
  @ApiPropertyOptional({ description: 'required for an hourly card' }) @IsOptional() @IsInt() @Min(1) @Max(1440) incrementMinutes?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) minimumChargeFen?: number;
  @ApiProperty({ example: '2025-01-01' }) @Matches(DATE_OR_INSTANT_PATTERN, { message: `validFrom ${MSG_VALIDITY}` }) validFrom!: string;
  @ApiPropertyOptional({ description: 'exclusive; empty = open-ended' })
  @IsOptional() @Matches(DATE_OR_INSTANT_PATTERN, { message: `validTo ${MSG_VALIDITY}` }) validTo?: string;
}

export class ReplaceRateCardsDto {
  @ApiProperty({ type: [RateCardDto] })
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => RateCardDto) cards!: RateCardDto[];
}

export interface RateCardView {
  id: string;
  code: string;
  instrumentId: string;
  instrumentCode: string;
  serviceMode: ServiceMode;
  unit: RateUnit;
  internalPriceFen: number;
  externalPriceFen: number;
  incrementMinutes: number | null;
  minimumChargeFen: number;
  validFrom: string;
  validTo: string | null;
}

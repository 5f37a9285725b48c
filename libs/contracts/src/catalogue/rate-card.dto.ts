import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MAX_FEN } from '@yixiang/domain';
import { IsDateOrInstant } from '../validation';
import { ApiFen, ApiInstant, ApiInteger, ApiUuid } from '../openapi';
import { CODE_PATTERN, RATE_UNITS, RateUnit, SERVICE_MODES, ServiceMode } from './enums';

/** One rate card, with the columns of `rates.csv` (instrumentCode comes from the path). */
export class RateCardDto {
  @ApiProperty({ example: 'RC-A1-S1' }) @Matches(CODE_PATTERN) code!: string;
  @ApiProperty({ enum: SERVICE_MODES }) @IsIn(SERVICE_MODES) serviceMode!: ServiceMode;
  @ApiProperty({ enum: RATE_UNITS }) @IsIn(RATE_UNITS) unit!: RateUnit;
  @ApiProperty() @IsInt() @Min(0) @Max(MAX_FEN) internalPriceFen!: number;
  @ApiProperty() @IsInt() @Min(0) @Max(MAX_FEN) externalPriceFen!: number;
  @ApiPropertyOptional({ description: 'required for an hourly card' }) @IsOptional() @IsInt() @Min(1) @Max(1440) incrementMinutes?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(MAX_FEN) minimumChargeFen?: number;
  @ApiProperty({ example: '2025-01-01' }) @IsDateOrInstant() validFrom!: string;
  @ApiPropertyOptional({ description: 'exclusive; empty = open-ended' })
  @IsOptional() @IsDateOrInstant() validTo?: string;
}

export class ReplaceRateCardsDto {
  @ApiProperty({ type: [RateCardDto] })
  @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => RateCardDto) cards!: RateCardDto[];
}

export class RateCardView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'RC-A1-S1' }) code!: string;
  @ApiUuid() instrumentId!: string;
  @ApiProperty({ example: 'EQ-A1' }) instrumentCode!: string;
  @ApiProperty({ enum: SERVICE_MODES }) serviceMode!: ServiceMode;
  @ApiProperty({ enum: RATE_UNITS }) unit!: RateUnit;
  @ApiFen() internalPriceFen!: number;
  @ApiFen() externalPriceFen!: number;
  @ApiInteger({ nullable: true, description: 'billing increment of an hourly card' }) incrementMinutes!: number | null;
  @ApiFen() minimumChargeFen!: number;
  @ApiInstant() validFrom!: string;
  @ApiInstant({ nullable: true, description: 'exclusive; null = open-ended' }) validTo!: string | null;
}

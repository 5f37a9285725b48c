import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested, IsArray } from 'class-validator';
import { IsOmittable } from '../validation';
import { PageQuery } from '../pagination';
import { ApiInstant, ApiText, ApiUuid } from '../openapi';
import { CODE_PATTERN, INSTITUTION_KINDS, InstitutionKind } from './enums';

export class ContactDto {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(200) email?: string;
}

export class CreateInstitutionDto {
  @ApiProperty({ example: 'A-UNIV' }) @Matches(CODE_PATTERN, { message: 'code must be 1–64 letters, digits, ".", "_" or "-"' })
  code!: string;
  @ApiProperty({ example: '重庆嘉陵理工大学' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: INSTITUTION_KINDS }) @IsIn(INSTITUTION_KINDS) kind!: InstitutionKind;
  @ApiProperty({ example: 'CQ' }) @Matches(/^[A-Z]{2,8}$/, { message: 'region must be 2–8 capital letters, e.g. CQ' })
  region!: string;
  @ApiPropertyOptional({ description: 'unified social credit code (GB 32100-2015)' })
  @IsOptional() @IsString() @MaxLength(18) creditCode?: string;
  @ApiPropertyOptional({ description: 'institutions with the same group code are related parties' })
  @IsOptional() @Matches(CODE_PATTERN) groupCode?: string;
  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOmittable() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ContactDto) contacts?: ContactDto[];
}

/** A field sent must not be null, except the credit and group codes (null clears them). */
export class UpdateInstitutionDto extends PartialType(OmitType(CreateInstitutionDto, ['code'] as const), { skipNullProperties: false }) {}

export class InstitutionQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(8) region?: string;
  @ApiPropertyOptional({ enum: INSTITUTION_KINDS }) @IsOptional() @IsIn(INSTITUTION_KINDS) kind?: InstitutionKind;
}

export class InstitutionView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'A-UNIV' }) code!: string;
  @ApiProperty({ example: '重庆嘉陵理工大学' }) name!: string;
  @ApiProperty({ enum: INSTITUTION_KINDS }) kind!: InstitutionKind;
  @ApiText({ nullable: true, example: 'CQ' }) region!: string | null;
  @ApiText({ nullable: true }) creditCode!: string | null;
  @ApiText({ nullable: true }) groupCode!: string | null;
  @ApiProperty({ type: [ContactDto] }) contacts!: ContactDto[];
  @ApiInstant() createdAt!: string;
  @ApiInstant() updatedAt!: string;
}

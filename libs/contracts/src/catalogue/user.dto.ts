import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { ROLES, Role } from '../auth';
import { PageQuery } from '../pagination';
import { CODE_PATTERN } from './enums';

export class CreateUserDto {
  @ApiProperty({ example: 'li.lei@a-univ.example.cn' }) @IsEmail() @MaxLength(200) email!: string;
  @ApiProperty({ minLength: 10, description: 'at least 10 characters' })
  @IsString() @Length(10, 200, { message: 'password must be 10 to 200 characters' }) password!: string;
  @ApiProperty({ example: '李雷' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ description: 'required for researchers, admins and operators' })
  @IsOptional() @Matches(CODE_PATTERN) institutionCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() institutionId?: string;
  @ApiPropertyOptional({ description: 'exchange-format code; generated when absent' })
  @IsOptional() @Matches(CODE_PATTERN) code?: string;
}

export class LoginDto {
  @ApiProperty() @IsEmail() email!: string;
  @ApiProperty() @IsString() @Length(1, 200) password!: string;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() institutionId?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) q?: string;
}

export interface UserView {
  id: string;
  code: string;
  email: string | null;
  name: string;
  role: Role;
  institutionId: string | null;
  institutionCode: string | null;
  createdAt: string;
}

export interface AuthenticateReply {
  user: UserView;
}

export interface EnsureBootstrapData {
  email: string;
  password: string;
}

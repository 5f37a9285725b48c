import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { ROLES, Role } from '../auth';
import { PageQuery } from '../pagination';
import { ApiInstant, ApiText, ApiUuid } from '../openapi';
import { CODE_PATTERN } from './enums';

/** A region code, as institutions' (libs/domain REGION_PATTERN). */
const REGION_CODE = /^[A-Z]{2,8}$/;
const REGION_MESSAGE = 'region must be 2–8 capital letters, e.g. CQ';

const PASSWORD_RULES = 'at least 10 characters and 4 different ones; not containing the email\'s part before @; not a common password';

export class CreateUserDto {
  @ApiProperty({ example: 'li.lei@a-univ.example.cn' }) @IsEmail() @MaxLength(200) email!: string;
  @ApiProperty({ minLength: 10, maxLength: 200, description: PASSWORD_RULES })
  @IsString() @Length(10, 200, { message: 'password must be 10 to 200 characters' }) password!: string;
  @ApiProperty({ example: '李雷' }) @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ description: 'required for researchers, admins and operators' })
  @IsOptional() @Matches(CODE_PATTERN) institutionCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() institutionId?: string;
  @ApiPropertyOptional({ description: 'exchange-format code; generated when absent' })
  @IsOptional() @Matches(CODE_PATTERN) code?: string;
  @ApiPropertyOptional({ example: 'CQ', description: 'bureau officers only: their region (2–8 capital letters); absent = a joint officer, who runs every region' })
  @IsOptional() @Matches(REGION_CODE, { message: REGION_MESSAGE }) region?: string;
}

/**
 * A change to a user (bureau: anyone; institution admin: users of their own institution, within it).
 * Changing the role, the institution or the password, or deactivating, ends the user's tokens.
 */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: '李雷' }) @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ description: 'move to this institution (bureau only)' })
  @IsOptional() @Matches(CODE_PATTERN) institutionCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() institutionId?: string;
  @ApiPropertyOptional({ minLength: 10, maxLength: 200, description: `a new password set by an admin; ${PASSWORD_RULES}` })
  @IsOptional() @IsString() @Length(10, 200, { message: 'password must be 10 to 200 characters' }) password?: string;
  @ApiPropertyOptional({ description: 'false: the user can no longer sign in and every token ends' })
  @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'CQ', description: 'bureau officers only, set by a joint officer: their region; null = a joint officer' })
  @IsOptional() @Matches(REGION_CODE, { message: REGION_MESSAGE }) region?: string | null;
}

/** The signed-in user's own password change. */
export class ChangePasswordDto {
  @ApiProperty() @IsString() @Length(1, 200) currentPassword!: string;
  @ApiProperty({ minLength: 10, maxLength: 200, description: PASSWORD_RULES })
  @IsString() @Length(10, 200, { message: 'newPassword must be 10 to 200 characters' }) newPassword!: string;
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

export class UserView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'U-0001' }) code!: string;
  @ApiText({ nullable: true, example: 'li.lei@a-univ.example.cn' }) email!: string | null;
  @ApiProperty({ example: '李雷' }) name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiUuid({ nullable: true }) institutionId!: string | null;
  @ApiText({ nullable: true }) institutionCode!: string | null;
  /** A bureau officer's region; null for a joint officer and every other role. */
  @ApiText({ nullable: true, example: 'CQ', description: 'a bureau officer\'s region; null for a joint officer (all regions) and every other role' }) region!: string | null;
  /** False once deactivated: the user cannot sign in. */
  @ApiProperty({ description: 'false once deactivated: the user cannot sign in' }) active!: boolean;
  @ApiInstant() createdAt!: string;
}

export interface AuthenticateReply {
  user: UserView;
  /** Goes into the token as `ver`: a token whose version is no longer the user's is refused. */
  tokenVersion: number;
}

/** What the gateway needs to know about a token's user on every request (cached a few seconds). */
export interface UserSessionReply {
  /** False when the user is deactivated or does not exist (then role and institution mean nothing). */
  active: boolean;
  role: Role;
  institutionId: string | null;
  /** A bureau officer's region (null: joint officer, or not a bureau officer). */
  region: string | null;
  tokenVersion: number;
}

/** Payload of CatalogueSubjects.userSessionsRevoked. */
export interface UserSessionsRevokedEvent {
  userId: string;
  tokenVersion: number;
}

/** The answer of a revocation (sign-out, revoke all sessions). */
export interface SessionsRevokedReply {
  userId: string;
  /** Tokens carrying an older version than this are refused from now on. */
  tokenVersion: number;
}

export interface EnsureBootstrapData {
  email: string;
  password: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ID_OR_CODE_PATTERN } from '@yixiang/domain';
import { PageQuery } from '../pagination';
import { SERVICE_MODES, ServiceMode } from '../catalogue/enums';
import { SERVICE_CATEGORIES, ServiceCategory } from '../billing/usage.dto';
import { IsInstant } from '../validation';
import { ApiInstant, ApiInteger, ApiText, ApiUuid } from '../openapi';

/**
 * Instrument terminals (issue 20): a PC client, power recorder or IoT box next to an instrument
 * that reports its sessions to `/api/v1/terminal/…`, each request signed with the terminal's
 * credential (libs/domain terminals/signed-request.ts).
 */

// ---- the institution's side: register, list, revoke ----

export class RegisterTerminalDto {
  @ApiProperty({ description: 'instrument id (or its code)' })
  @IsString() @Matches(ID_OR_CODE_PATTERN, { message: 'instrumentId must be a UUID or an instrument code' })
  instrumentId!: string;
  @ApiProperty({ example: '电镜室工控机' }) @IsString() @Length(1, 200) name!: string;
}

export class TerminalView {
  @ApiUuid() id!: string;
  @ApiUuid() instrumentId!: string;
  @ApiUuid() institutionId!: string;
  @ApiProperty({ example: '电镜室工控机' }) name!: string;
  @ApiUuid({ nullable: true }) createdBy!: string | null;
  @ApiInstant() createdAt!: string;
  @ApiInstant({ nullable: true, description: 'when the credential was revoked; its requests are refused from then on' }) revokedAt!: string | null;
  @ApiInstant({ nullable: true, description: 'the last request it signed that was accepted' }) lastSeenAt!: string | null;
}

/** The reply to a registration: the only time the credential is shown (the platform keeps its SHA-256 only). */
export class TerminalRegisteredView extends TerminalView {
  @ApiProperty({ example: 'tsec_6f1e…', description: 'shown once; the terminal signs with SHA-256 of it (see README, Terminals)' }) credential!: string;
}

export class TerminalListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'instrument id' }) @IsOptional() @IsUUID() instrumentId?: string;
}

// ---- the terminal's side: signed session reports ----

/** The signed parts of a terminal request as the gateway received them, for the booking service to verify. */
export class SignedTerminalRequest {
  @IsString() @Length(1, 64) terminalId!: string;
  @IsInt() timestamp!: number;
  @IsString() @Length(1, 200) nonce!: string;
  @IsString() @Length(1, 200) signature!: string;
  @IsString() @Length(1, 10) method!: string;
  @IsString() @Length(1, 2000) path!: string;
  @IsString() @MaxLength(1_048_576) body!: string;
}

/** Start, heartbeat or stop of the session the terminal numbers `sequence` (its own counter). */
export class TerminalSessionEventDto {
  @ApiProperty({ example: 42, description: 'the terminal’s own number for the session; a resend with it is answered as the first time' })
  @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) sequence!: number;
  @ApiProperty({ example: '2026-12-05T09:00:00+08:00', description: 'when it started (start), was last seen running (heartbeat) or ended (stop)' })
  @IsInstant() at!: string;
  @ApiPropertyOptional({ example: '2026-12-05T09:00:00+08:00', description: 'stop only: the start, for a session whose start never reached the platform' })
  @IsOptional() @IsInstant() start?: string;
}

export class OfflineSessionDto {
  @ApiProperty({ example: 41 }) @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) sequence!: number;
  @ApiProperty({ example: '2026-12-04T09:00:00+08:00' }) @IsInstant() start!: string;
  @ApiProperty({ example: '2026-12-04T11:00:00+08:00' }) @IsInstant() end!: string;
}

export class TerminalBatchDto {
  @ApiProperty({ type: [OfflineSessionDto], description: 'sessions recorded while offline, at most 500' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => OfflineSessionDto)
  sessions!: OfflineSessionDto[];
}

export const TERMINAL_SESSION_STATES = ['running', 'stopped'] as const;
export type TerminalSessionState = (typeof TERMINAL_SESSION_STATES)[number];
/**
 * What became of a session: running; matched (it checked its booking in and out); pending (an
 * unbooked use waiting for the operator); confirmed (recorded as usage); rejected.
 */
export const TERMINAL_SESSION_STATUSES = ['running', 'matched', 'pending', 'confirmed', 'rejected'] as const;
export type TerminalSessionStatus = (typeof TERMINAL_SESSION_STATUSES)[number];

export class TerminalSessionView {
  @ApiUuid() id!: string;
  @ApiUuid() terminalId!: string;
  @ApiUuid() instrumentId!: string;
  @ApiUuid() institutionId!: string;
  @ApiInteger() sequence!: number;
  @ApiInstant() start!: string;
  @ApiInstant({ nullable: true }) end!: string | null;
  @ApiInstant({ nullable: true }) lastHeartbeatAt!: string | null;
  @ApiProperty({ enum: TERMINAL_SESSION_STATES }) state!: TerminalSessionState;
  @ApiProperty({ enum: TERMINAL_SESSION_STATUSES }) status!: TerminalSessionStatus;
  @ApiUuid({ nullable: true, description: 'the booking it checked in and out' }) bookingId!: string | null;
  @ApiProperty({ description: 'reported after it ended (sent from an offline backlog)' }) late!: boolean;
  @ApiUuid({ nullable: true, description: 'confirmed: whose use it was' }) userId!: string | null;
  @ApiText({ nullable: true }) rejectReason!: string | null;
  @ApiUuid({ nullable: true }) decidedBy!: string | null;
  @ApiInstant({ nullable: true }) decidedAt!: string | null;
  @ApiInstant() receivedAt!: string;
}

export class RefusedOfflineSession {
  @ApiInteger() sequence!: number;
  @ApiProperty({ enum: ['order', 'future', 'too-old', 'too-long'] }) problem!: string;
  @ApiProperty({ description: 'why, in the language of the request' }) reason!: string;
}

export class TerminalBatchReply {
  @ApiProperty({ type: [TerminalSessionView], description: 'every session taken, including those already known (a resend)' }) accepted!: TerminalSessionView[];
  @ApiProperty({ type: [RefusedOfflineSession] }) refused!: RefusedOfflineSession[];
}

// ---- the operator's side: unbooked uses ----

export class TerminalSessionListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TERMINAL_SESSION_STATUSES }) @IsOptional() @IsIn(TERMINAL_SESSION_STATUSES) status?: TerminalSessionStatus;
  @ApiPropertyOptional({ description: 'instrument id' }) @IsOptional() @IsUUID() instrumentId?: string;
}

export class ConfirmTerminalSessionDto {
  @ApiPropertyOptional({ description: 'who used the instrument (or userEmail)' }) @IsOptional() @IsUUID() userId?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(200) userEmail?: string;
  @ApiPropertyOptional({ enum: SERVICE_MODES, default: 'self' }) @IsOptional() @IsIn(SERVICE_MODES) serviceMode?: ServiceMode;
  @ApiPropertyOptional({ enum: SERVICE_CATEGORIES, default: 'research' }) @IsOptional() @IsIn(SERVICE_CATEGORIES) serviceCategory?: ServiceCategory;
}

export class RejectTerminalSessionDto {
  @ApiProperty({ example: '设备自检，非用户使用' }) @IsString() @Length(2, 500) reason!: string;
}

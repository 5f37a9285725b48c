import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { AUDIT_BREAKS, AUDIT_OBJECT_TYPES, AUDITED_SERVICES } from '@yixiang/domain';
import type { AuditBreak, AuditedService, AuditObjectType } from '@yixiang/domain';
import type { ActorOnly, WithData } from './messages/envelopes';
import { subject } from './messages/subject';
import { ApiInstant, ApiInteger, ApiText } from './openapi';
import { PageQuery } from './pagination';
import { IsInstant } from './validation';

/**
 * The audit trail (issue 20): each service that changes money, policy, grades, vouchers, rate cards,
 * roles or institutions keeps an append-only, hash-chained table of those changes (libs/common
 * `audit/`); the gateway asks every such service and merges by time. The services and object types
 * are libs/domain's (audit/trail.ts), which the web app reads too.
 */
export { AUDIT_OBJECT_TYPES, AUDITED_SERVICES };
export type { AuditedService, AuditObjectType };

/** GET /audit: newest first; every filter narrows. */
export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUDIT_OBJECT_TYPES, description: 'what was changed' })
  @IsOptional() @IsIn(AUDIT_OBJECT_TYPES, { message: `objectType 须为 ${AUDIT_OBJECT_TYPES.join('、')} 之一 (objectType must be one of ${AUDIT_OBJECT_TYPES.join(', ')})` })
  objectType?: AuditObjectType;

  @ApiPropertyOptional({ description: 'the changed object’s id (a UUID, or a month such as 2025-03 for a settlement)', maxLength: 100 })
  @IsOptional() @MaxLength(100) @Matches(/^[A-Za-z0-9._:-]+$/, { message: 'objectId 只能含字母、数字和 ._:- (objectId may hold letters, digits and ._:- only)' })
  objectId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'who made the change' })
  @IsOptional() @IsUUID('all', { message: 'actorId 须为 UUID (actorId must be a UUID)' })
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDITED_SERVICES, description: 'one service’s trail only' })
  @IsOptional() @IsIn(AUDITED_SERVICES, { message: `service 须为 ${AUDITED_SERVICES.join('、')} 之一 (service must be one of ${AUDITED_SERVICES.join(', ')})` })
  service?: AuditedService;

  @ApiPropertyOptional({ description: 'at or after this instant' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'before this instant' }) @IsOptional() @IsInstant() to?: string;
}

/** One entry of a service's trail, as stored: the change and its link in the chain. */
export class AuditEntryView {
  @ApiProperty({ enum: AUDITED_SERVICES }) service!: AuditedService;
  @ApiInteger({ description: '1, 2, 3 … without gaps in the service’s chain' }) sequence!: number;
  @ApiInstant() at!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'who made the change (null: the platform itself, e.g. a scheduled job)' }) actorId!: string | null;
  @ApiText({ nullable: true, example: 'bureau' }) actorRole!: string | null;
  @ApiProperty({ example: 'rate-cards.replace' }) action!: string;
  @ApiProperty({ example: 'rate-cards' }) objectType!: string;
  @ApiProperty() objectId!: string;
  @ApiProperty({ nullable: true, description: 'the object before the change (null: it did not exist)', oneOf: [{ type: 'object', additionalProperties: true }, { type: 'array', items: {} }] })
  before!: unknown;
  @ApiProperty({ nullable: true, description: 'the object after the change (null: it no longer exists)', oneOf: [{ type: 'object', additionalProperties: true }, { type: 'array', items: {} }] })
  after!: unknown;
  @ApiText({ nullable: true, description: 'the request’s correlation id (x-correlation-id)' }) correlationId!: string | null;
  @ApiProperty({ description: 'hash of the previous entry (64 zeros for the first)' }) prevHash!: string;
  @ApiProperty({ description: 'SHA-256 over prevHash and this entry’s content' }) hash!: string;
}

/** The first link of a chain that does not hold. */
export class AuditBrokenLinkView {
  @ApiInteger() sequence!: number;
  @ApiProperty({ enum: AUDIT_BREAKS, description: 'gap: a sequence number is missing; previous-hash: the entry does not point at the one before; content-hash: the entry was altered' })
  problem!: AuditBreak;
}

/** One service's chain, recomputed. */
export class AuditChainView {
  @ApiProperty({ enum: AUDITED_SERVICES }) service!: AuditedService;
  @ApiInteger({ description: 'entries in the chain' }) entries!: number;
  @ApiProperty() intact!: boolean;
  @ApiProperty({ type: AuditBrokenLinkView, nullable: true }) broken!: AuditBrokenLinkView | null;
  @ApiText({ nullable: true, description: 'the last entry’s hash (null: no entries)' }) lastHash!: string | null;
}

/** GET /audit/verify: every chain, and the first broken link of each that does not hold. */
export class AuditVerifyView {
  @ApiProperty({ description: 'every chain holds' }) intact!: boolean;
  @ApiInteger({ description: 'entries over all chains' }) entries!: number;
  @ApiInstant() checkedAt!: string;
  @ApiProperty({ type: [AuditChainView] }) chains!: AuditChainView[];
}

/** A service's part of GET /audit: its newest `limit` entries matching the filters, and how many match. */
export interface AuditListPart {
  items: AuditEntryView[];
  total: number;
}

/** The audit subjects of one service (`<service>.audit.list`, `<service>.audit.verify`), spread into its subjects. */
export function auditSubjects<S extends AuditedService>(service: S) {
  return {
    auditList: subject<WithData<AuditQuery> & { limit: number }, AuditListPart>(`${service}.audit.list`),
    auditVerify: subject<ActorOnly, AuditChainView>(`${service}.audit.verify`),
  } as const;
}

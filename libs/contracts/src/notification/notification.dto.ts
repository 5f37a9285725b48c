import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { NOTIFICATION_KINDS, NotificationKind, RobotKind } from '@yixiang/domain';
import { ApiInstant, ApiInteger, ApiUuid } from '../openapi';
import { PageQuery } from '../pagination';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/**
 * The events an institution's webhook may subscribe to: the booking events of issue 19, usage
 * records (check-outs), and billing's statement and voucher events (a statement to its provider and
 * payer, an application to its applicant institution, a claim to its claimant).
 */
export const WEBHOOK_EVENTS = [
  'booking.booking.requested', 'booking.booking.approved', 'booking.booking.rejected', 'booking.booking.cancelled',
  'booking.booking.reminder-due', 'booking.no-show.recorded', 'booking.suspension.started', 'booking.waitlist.offered',
  'booking.blackout.conflicted', 'booking.usage.recorded',
  'billing.statement.issued', 'billing.voucher-application.approved', 'billing.voucher-application.rejected',
  'billing.voucher-claim.approved', 'billing.voucher-claim.rejected', 'billing.voucher-claim.paid',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const DELIVERY_CHANNELS = ['email', 'robot', 'webhook'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export class NotificationListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: only unread ones' }) @IsOptional() @Transform(toBool) @IsBoolean() unread?: boolean;
}

export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATES }) @IsOptional() @IsIn(DELIVERY_STATES) state?: DeliveryState;
  @ApiPropertyOptional({ enum: DELIVERY_CHANNELS }) @IsOptional() @IsIn(DELIVERY_CHANNELS) channel?: DeliveryChannel;
}

export class PreferenceChoiceDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) @IsIn(NOTIFICATION_KINDS) kind!: NotificationKind;
  @ApiProperty({ description: 'send this kind by e-mail too (the inbox always has it)' }) @IsBoolean() email!: boolean;
}

export class UpdatePreferencesDto {
  @ApiProperty({ type: [PreferenceChoiceDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(NOTIFICATION_KINDS.length) @ValidateNested({ each: true }) @Type(() => PreferenceChoiceDto)
  preferences!: PreferenceChoiceDto[];
}

export class RobotsDto {
  @ApiPropertyOptional({ nullable: true, description: '企业微信 group robot webhook URL; null removes it' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @Length(1, 2000) wecom?: string | null;
  @ApiPropertyOptional({ nullable: true, description: '钉钉 group robot webhook URL; null removes it' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @Length(1, 2000) dingtalk?: string | null;
  @ApiPropertyOptional({ nullable: true, description: '飞书 group robot webhook URL; null removes it' })
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @Length(1, 2000) feishu?: string | null;
}

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://erp.univ.example.cn/hooks/yixiang' }) @IsString() @Length(1, 2000) url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_EVENTS.length) @ArrayUnique() @IsIn(WEBHOOK_EVENTS, { each: true })
  events!: WebhookEvent[];
  @ApiPropertyOptional({ description: 'the bureau names the institution; an admin’s is their own' }) @IsOptional() @IsString() @MaxLength(64) institutionId?: string;
  @ApiPropertyOptional({ description: 'what it is for' }) @IsOptional() @IsString() @Length(0, 200) description?: string;
}

/** One inbox entry. */
export class NotificationView {
  @ApiUuid() id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ example: '【仪享】预约已通过：场发射扫描电镜' }) title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ example: 'http://127.0.0.1:3000/bookings?booking=…' }) link!: string;
  @ApiUuid({ nullable: true }) bookingId!: string | null;
  @ApiInstant() createdAt!: string;
  @ApiInstant({ nullable: true }) readAt!: string | null;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'off'], description: 'its e-mail: off when the user turned e-mail off for this kind' }) email!: DeliveryState | 'off';
}

export class UnreadCountView {
  @ApiInteger() unread!: number;
}

export class ReadAllView {
  @ApiInteger({ description: 'how many were marked read' }) marked!: number;
}

export class PreferenceView {
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: NotificationKind;
  @ApiProperty({ example: '预约已通过' }) label!: string;
  @ApiProperty({ enum: [true] }) inbox!: true;
  @ApiProperty() email!: boolean;
}

export class PreferencesView {
  @ApiProperty({ type: [PreferenceView] }) items!: PreferenceView[];
}

export class RobotsView {
  @ApiUuid() institutionId!: string;
  @ApiProperty({ nullable: true, type: String }) wecom!: string | null;
  @ApiProperty({ nullable: true, type: String }) dingtalk!: string | null;
  @ApiProperty({ nullable: true, type: String }) feishu!: string | null;
}

export class WebhookView {
  @ApiUuid() id!: string;
  @ApiUuid() institutionId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events!: WebhookEvent[];
  @ApiProperty() description!: string;
  @ApiInstant() createdAt!: string;
}

/** A new webhook: its secret is shown this once (sign-checking needs it; it cannot be read again). */
export class WebhookCreatedView extends WebhookView {
  @ApiProperty({ example: 'whsec_6f1c0a583c2e4b8e9a570d1e6c1f2a11', description: 'HMAC-SHA256 key of X-Yixiang-Signature; shown only now' }) secret!: string;
}

export class DeliveryAttemptView {
  @ApiInteger() attempt!: number;
  @ApiInstant() at!: string;
  @ApiProperty() ok!: boolean;
  @ApiInteger({ nullable: true, description: 'the receiver’s HTTP status; null: no answer' }) status!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class DeliveryView {
  @ApiUuid() id!: string;
  @ApiProperty({ enum: DELIVERY_CHANNELS }) channel!: DeliveryChannel;
  @ApiProperty({ enum: DELIVERY_STATES }) state!: DeliveryState;
  @ApiProperty({ description: 'the event’s subject, e.g. booking.booking.approved' }) event!: string;
  @ApiUuid() eventId!: string;
  @ApiProperty({ description: 'e-mail address, robot kind or webhook URL' }) target!: string;
  @ApiUuid({ nullable: true }) webhookId!: string | null;
  @ApiUuid({ nullable: true }) notificationId!: string | null;
  @ApiUuid({ nullable: true, description: 'the delivery this one replays' }) replayOf!: string | null;
  @ApiInteger() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiInstant() createdAt!: string;
  @ApiInstant({ nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: [DeliveryAttemptView] }) log!: DeliveryAttemptView[];
}

export type { RobotKind };

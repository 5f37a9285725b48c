import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateIf } from 'class-validator';
import { SERVICE_MODES, ServiceMode } from './catalogue/enums';
import { SERVICE_CATEGORIES, ServiceCategory } from './billing/usage.dto';
import { IsInstant } from './validation';
import {
  BlackoutConflictedEvent, BOOKING_EVENT_SUBJECTS as B, BookingApprovedEvent, BookingCancelledEvent, BookingRejectedEvent, BookingReminderDueEvent,
  BookingRequestedEvent, SuspensionStartedEvent, WaitlistOfferedEvent,
} from './booking/booking-events';
import {
  BILLING_EVENT_SUBJECTS as L, ChargeSettledEvent, StatementIssuedEvent, VoucherApplicationApprovedEvent, VoucherApplicationRejectedEvent, VoucherClaimApprovedEvent,
  VoucherClaimPaidEvent, VoucherClaimRejectedEvent,
} from './billing/billing-events';
export * from './booking/booking-events';

/**
 * Events that must not be lost, on one JetStream stream. Message ids are the outbox row ids, so a
 * re-publish after a crash is dropped by the stream's duplicate window.
 */
export const EVENTS_STREAM = 'YIXIANG_EVENTS';

/**
 * One event: its subject (`<service>.<aggregate>.<verb>`, past tense), the class its payload is
 * validated with where it arrives, the stream that keeps it, and the subject it had before issue 15
 * (`events.<service>.<aggregate>.<verb>`). The old subject stays on the stream and in the
 * consumers' filters so events stored under it are still delivered; nothing publishes it any more.
 * Services answer requests on exact subjects (never wildcards) and the stream lists exact event
 * subjects, so an event that shares its aggregate token with requests (`booking.booking.approved`
 * beside `booking.booking.create`, issue 19) is never taken for a request, nor a request stored.
 */
export interface EventSubject<P extends object> {
  readonly subject: string;
  readonly payload: new () => P;
  readonly stream: string;
  readonly legacySubject?: string;
}

/** The payload type of an event subject (what a producer must pass, what a consumer gets). */
export type EventPayload<E> = E extends EventSubject<infer P> ? P : never;

export function event<P extends object>(subject: string, payload: new () => P, stream: string, legacySubject?: string): EventSubject<P> {
  return { subject, payload, stream, legacySubject };
}

/**
 * The usage a check-out records, for billing (at least once; consumers dedupe by bookingId, or for
 * a terminal's session by terminalSessionId). A class, so the consumer validates what it is given
 * instead of trusting the stream.
 *
 * Issue 20: `source` 'terminal' is usage an instrument terminal recorded: a session that checked a
 * booking in and out (bookingId set), or an unbooked use an operator confirmed (bookingId and
 * bookingCode null). Events stored before carry no source: they are check-outs.
 */
export class UsageRecordedEvent {
  @ValidateIf((o: UsageRecordedEvent, v) => v !== null || o.source !== 'terminal') @IsUUID() bookingId!: string | null;
  @ValidateIf((o: UsageRecordedEvent, v) => v !== null || o.source !== 'terminal') @IsString() @Length(1, 64) bookingCode!: string | null;
  @IsOptional() @IsIn(['check-out', 'terminal']) source?: 'check-out' | 'terminal';
  /** The terminal session the use was recorded by (source terminal only). */
  @ValidateIf((o: UsageRecordedEvent) => o.source === 'terminal') @IsUUID() terminalSessionId?: string;
  @IsUUID() instrumentId!: string;
  @IsUUID() providerInstitutionId!: string;
  @IsUUID() userId!: string;
  @IsUUID() userInstitutionId!: string;
  @IsIn(SERVICE_MODES) serviceMode!: ServiceMode;
  /** Missing in events stored before service categories existed: billing records them as research. */
  @IsOptional() @IsIn(SERVICE_CATEGORIES) serviceCategory?: ServiceCategory;
  @IsInstant() start!: string;
  @IsInstant() end!: string;
  @ValidateIf((_o, v) => v !== null) @IsInt() @Min(0) samples!: number | null;
  @ValidateIf((_o, v) => v !== null) @IsString() @Length(1, 64) projectCode!: string | null;
  @ValidateIf((_o, v) => v !== null) @IsUUID() voucherId!: string | null;
  @IsIn(['completed']) status!: 'completed';
  /** Issue 18: the fund account (经费卡) that pays, by id and code. Optional: events stored before fund accounts lack them. */
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUUID() fundAccountId?: string | null;
  @IsOptional() @ValidateIf((_o, v) => v !== null) @IsString() @Length(1, 64) fundAccountCode?: string | null;
}

/**
 * A booking nobody came to: recorded by an operator or by the no-show sweep (`automatic`). The
 * fields after `end` came with issue 19 (notifications): optional because events stored before
 * lack them; every new event carries them.
 */
export class NoShowRecordedEvent {
  @IsUUID() bookingId!: string;
  @IsString() @Length(1, 64) bookingCode!: string;
  @IsUUID() instrumentId!: string;
  @IsUUID() userId!: string;
  @IsInstant() start!: string;
  @IsInstant() end!: string;
  @IsOptional() @IsUUID() eventId?: string;
  @IsOptional() @IsInstant() occurredAt?: string;
  @IsOptional() @IsString() @Length(1, 64) instrumentCode?: string;
  @IsOptional() @IsString() @Length(1, 200) instrumentName?: string;
  @IsOptional() @IsUUID() providerInstitutionId?: string;
  @IsOptional() @IsUUID() userInstitutionId?: string;
  @IsOptional() @IsIn([true, false]) automatic?: boolean;
}

/**
 * A sample order the requester confirmed (issue 18): billing records it as one usage record of mode
 * `sample` with its sample count, keyed by the order (source `sample-order`), so a redelivery adds
 * nothing. `start`–`end` is the testing time, minute-aligned (what the evaluation counts as hours).
 */
export class SampleOrderCompletedEvent {
  @IsUUID() eventId!: string;
  @IsUUID() orderId!: string;
  @IsString() @Length(1, 64) orderCode!: string;
  @IsUUID() instrumentId!: string;
  @IsUUID() providerInstitutionId!: string;
  @IsUUID() userId!: string;
  @IsUUID() userInstitutionId!: string;
  @IsIn(SERVICE_CATEGORIES) serviceCategory!: ServiceCategory;
  @IsInstant() start!: string;
  @IsInstant() end!: string;
  @IsInt() @Min(1) samples!: number;
  @ValidateIf((_o, v) => v !== null) @IsString() @Length(1, 64) projectCode!: string | null;
}

export const Events = {
  usageRecorded: event('booking.usage.recorded', UsageRecordedEvent, EVENTS_STREAM, 'events.booking.usage.recorded'),
  noShowRecorded: event('booking.no-show.recorded', NoShowRecordedEvent, EVENTS_STREAM, 'events.booking.no-show.recorded'),
  bookingRequested: event(B.bookingRequested, BookingRequestedEvent, EVENTS_STREAM),
  bookingApproved: event(B.bookingApproved, BookingApprovedEvent, EVENTS_STREAM),
  bookingRejected: event(B.bookingRejected, BookingRejectedEvent, EVENTS_STREAM),
  bookingCancelled: event(B.bookingCancelled, BookingCancelledEvent, EVENTS_STREAM),
  bookingReminderDue: event(B.bookingReminderDue, BookingReminderDueEvent, EVENTS_STREAM),
  suspensionStarted: event(B.suspensionStarted, SuspensionStartedEvent, EVENTS_STREAM),
  waitlistOffered: event(B.waitlistOffered, WaitlistOfferedEvent, EVENTS_STREAM),
  blackoutConflicted: event(B.blackoutConflicted, BlackoutConflictedEvent, EVENTS_STREAM),
  sampleOrderCompleted: event('booking.sample-order.completed', SampleOrderCompletedEvent, EVENTS_STREAM),
  // Billing's (issue 19), from billing.outbox.
  statementIssued: event(L.statementIssued, StatementIssuedEvent, EVENTS_STREAM),
  voucherApplicationApproved: event(L.voucherApplicationApproved, VoucherApplicationApprovedEvent, EVENTS_STREAM),
  voucherApplicationRejected: event(L.voucherApplicationRejected, VoucherApplicationRejectedEvent, EVENTS_STREAM),
  voucherClaimApproved: event(L.voucherClaimApproved, VoucherClaimApprovedEvent, EVENTS_STREAM),
  voucherClaimRejected: event(L.voucherClaimRejected, VoucherClaimRejectedEvent, EVENTS_STREAM),
  voucherClaimPaid: event(L.voucherClaimPaid, VoucherClaimPaidEvent, EVENTS_STREAM),
  // Issue 18: a fund account's charge, for the booking service (not for people: no notification).
  chargeSettled: event(L.chargeSettled, ChargeSettledEvent, EVENTS_STREAM),
} as const;

/** Every event, for the stream's subject list and the outbox's renaming of rows written under an old subject. */
export const ALL_EVENTS: readonly EventSubject<object>[] = Object.values(Events);

/** The subjects a consumer of `e` must listen on: the current one and, while it may be stored, the old one. */
export function subjectsOf(e: EventSubject<object>): string[] {
  return e.legacySubject ? [e.subject, e.legacySubject] : [e.subject];
}

/** The subjects a stream must carry: those of every event kept in it, old names included. */
export function streamSubjects(stream: string): string[] {
  return ALL_EVENTS.filter((e) => e.stream === stream).flatMap(subjectsOf);
}

/** The event a subject names, current or old (an outbox row written before the rename), or undefined. */
export function eventOfSubject(subject: string): EventSubject<object> | undefined {
  return ALL_EVENTS.find((e) => e.subject === subject || e.legacySubject === subject);
}

/** @deprecated the subject strings only; use `Events` (subject, payload class and stream together). */
export const EventSubjects = {
  usageRecorded: Events.usageRecorded.subject,
  noShowRecorded: Events.noShowRecorded.subject,
} as const;

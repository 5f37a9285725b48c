import { IsBoolean, IsIn, IsInt, IsString, IsUUID, Length, Min, ValidateIf } from 'class-validator';
import { ServiceEvent } from '../service-event';
import { IsInstant } from '../validation';

/**
 * The booking service's events for notifications and webhooks (issue 19). Each is written to the
 * booking outbox in the transaction of the change it reports and published to JetStream
 * (`Events` in ../events.ts lists them with their subjects). Delivery is at least once: consumers
 * dedupe on `eventId`, which is unique per event (the outbox row keeps it once).
 *
 * Times are UTC instants (ISO 8601); consumers show them in Beijing time (Asia/Shanghai).
 */
export const BOOKING_EVENT_SUBJECTS = {
  bookingRequested: 'booking.booking.requested',
  bookingApproved: 'booking.booking.approved',
  bookingRejected: 'booking.booking.rejected',
  bookingCancelled: 'booking.booking.cancelled',
  bookingReminderDue: 'booking.booking.reminder-due',
  suspensionStarted: 'booking.suspension.started',
  waitlistOffered: 'booking.waitlist.offered',
  blackoutConflicted: 'booking.blackout.conflicted',
} as const;

/** What every event of the booking service carries: its own id (dedupe key) and when it happened. */
export class BookingServiceEvent extends ServiceEvent {}

/** The booking an event is about: enough for a message without asking anyone (instrument code and name, the two institutions). */
export class BookingEventBase extends BookingServiceEvent {
  @IsUUID() bookingId!: string;
  @IsString() @Length(1, 64) bookingCode!: string;
  @IsUUID() instrumentId!: string;
  @IsString() @Length(1, 64) instrumentCode!: string;
  @IsString() @Length(1, 200) instrumentName!: string;
  @IsUUID() providerInstitutionId!: string;
  @IsUUID() userId!: string;
  @ValidateIf((_o, v) => v !== null) @IsUUID() userInstitutionId!: string | null;
  @IsInstant() start!: string;
  @IsInstant() end!: string;
}

/** A booking awaits approval (to the instrument's approvers: the provider institution's staff). */
export class BookingRequestedEvent extends BookingEventBase {}

/** A requested booking was approved. `approvedBy` is the staff member's user id. */
export class BookingApprovedEvent extends BookingEventBase {
  @ValidateIf((_o, v) => v !== null) @IsUUID() approvedBy!: string | null;
}

/** A requested booking was rejected, with the approver's reason when one was given. */
export class BookingRejectedEvent extends BookingEventBase {
  @ValidateIf((_o, v) => v !== null) @IsString() @Length(0, 2000) reason!: string | null;
}

export const CANCELLED_BY = ['user', 'institution'] as const;
export type CancelledBy = (typeof CANCELLED_BY)[number];

/**
 * A booking was cancelled: by its user (`user`), or by the providing institution's staff or the
 * system on its behalf (`institution`: a maintenance blackout, an operator's cancel).
 */
export class BookingCancelledEvent extends BookingEventBase {
  @IsIn(CANCELLED_BY) cancelledBy!: CancelledBy;
  @ValidateIf((_o, v) => v !== null) @IsString() @Length(0, 2000) reason!: string | null;
}

/** A booking starts in `hoursBefore` hours (the scheduled reminder job emits it once per booking). */
export class BookingReminderDueEvent extends BookingEventBase {
  @IsInt() @Min(0) hoursBefore!: number;
}

/**
 * A user's booking of one institution's instruments is suspended from `from` until `until`
 * (K no-shows within D days: `noShows` is K as counted when it started).
 */
export class SuspensionStartedEvent extends BookingServiceEvent {
  @IsUUID() suspensionId!: string;
  @IsUUID() userId!: string;
  @IsUUID() institutionId!: string;
  @IsInstant() from!: string;
  @IsInstant() until!: string;
  @IsInt() @Min(1) noShows!: number;
  @IsString() @Length(1, 2000) reason!: string;
}

/** A waiting user is offered a freed slot until `expiresAt`; `POST /waitlist/:entryId/accept` books it. */
export class WaitlistOfferedEvent extends BookingServiceEvent {
  @IsUUID() entryId!: string;
  @IsUUID() userId!: string;
  @IsUUID() instrumentId!: string;
  @IsString() @Length(1, 64) instrumentCode!: string;
  @IsString() @Length(1, 200) instrumentName!: string;
  @IsUUID() providerInstitutionId!: string;
  @IsInstant() start!: string;
  @IsInstant() end!: string;
  @IsInstant() expiresAt!: string;
}

/**
 * A maintenance blackout was added over this booking (one event per affected booking).
 * `cancelled`: whether the admin cancelled the booking with it (then `booking.booking.cancelled`
 * with cancelledBy `institution` is emitted too).
 */
export class BlackoutConflictedEvent extends BookingEventBase {
  @IsUUID() blackoutId!: string;
  @IsInstant() blackoutStart!: string;
  @IsInstant() blackoutEnd!: string;
  @IsString() @Length(0, 2000) reason!: string;
  @IsBoolean() cancelled!: boolean;
}

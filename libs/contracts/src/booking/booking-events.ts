import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min, ValidateIf } from 'class-validator';
import { IsInstant } from '../validation';

/**
 * PLACEHOLDER of i19-notify, written from issue 19's shared design until i19-bookings' "Booking events"
 * commit lands (then theirs replaces this file). The booking service publishes these through its outbox.
 */
export class BookingEventBase {
  @IsUUID() eventId!: string;
  @IsInstant() occurredAt!: string;
  @IsUUID() bookingId!: string;
  @IsUUID() instrumentId!: string;
  @IsString() @Length(1, 64) instrumentCode!: string;
  @IsString() @Length(1, 500) instrumentName!: string;
  @IsUUID() providerInstitutionId!: string;
  @IsUUID() userId!: string;
  @ValidateIf((_o, v) => v !== null) @IsUUID() userInstitutionId!: string | null;
  @IsInstant() start!: string;
  @IsInstant() end!: string;
}

export class BookingRequestedEvent extends BookingEventBase {}
export class BookingApprovedEvent extends BookingEventBase {}
export class BookingRejectedEvent extends BookingEventBase {
  @IsOptional() @IsString() @Length(0, 2000) reason?: string | null;
}
export class BookingCancelledEvent extends BookingEventBase {
  @IsIn(['user', 'institution']) cancelledBy!: 'user' | 'institution';
  @IsOptional() @IsString() @Length(0, 2000) reason?: string | null;
}
export class BookingReminderDueEvent extends BookingEventBase {}
export class BlackoutConflictedEvent extends BookingEventBase {
  @IsOptional() @IsString() @Length(0, 2000) reason?: string | null;
}

export class SuspensionStartedEvent {
  @IsUUID() eventId!: string;
  @IsInstant() occurredAt!: string;
  @IsUUID() userId!: string;
  @IsUUID() institutionId!: string;
  @IsInstant() from!: string;
  @IsInstant() until!: string;
  @IsInt() @Min(0) noShows!: number;
  @IsString() @Length(0, 2000) reason!: string;
}

export class WaitlistOfferedEvent {
  @IsUUID() eventId!: string;
  @IsInstant() occurredAt!: string;
  @IsUUID() entryId!: string;
  @IsUUID() userId!: string;
  @IsUUID() instrumentId!: string;
  @IsString() @Length(1, 500) instrumentName!: string;
  @IsUUID() providerInstitutionId!: string;
  @IsInstant() start!: string;
  @IsInstant() end!: string;
  @IsInstant() expiresAt!: string;
}

import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@yixiang/common';

export class BookingConfig extends ServiceConfig {
  /** How often each replica looks for outbox events to publish (they share the work with SKIP LOCKED). */
  @IsInt() @Min(20) @Max(60000) OUTBOX_POLL_MS: number = 200;
  /** How often the booking-policy sweep runs (automatic no-shows, reminders, waiting-list offers): one BullMQ schedule for all replicas. */
  @IsInt() @Min(1000) @Max(3600000) POLICY_SWEEP_MS: number = 60000;
  /** A booking's reminder (booking.booking.reminder-due) is emitted this many hours before its start. */
  @IsInt() @Min(1) @Max(168) BOOKING_REMINDER_HOURS: number = 24;
  /** How long a freed slot is offered to the next waiting user. */
  @IsInt() @Min(1) @Max(10080) WAITLIST_OFFER_MINUTES: number = 120;
}

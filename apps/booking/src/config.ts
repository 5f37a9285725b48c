import { IsInt, Max, Min } from 'class-validator';
import { OutboxServiceConfig } from '@yixiang/common';

export class BookingConfig extends OutboxServiceConfig {
  /** How often the booking-policy sweep runs (automatic no-shows, reminders, waiting-list offers): one BullMQ schedule for all replicas. */
  @IsInt() @Min(1000) @Max(3600000) POLICY_SWEEP_MS: number = 60000;
  /** A booking's reminder (booking.booking.reminder-due) is emitted this many hours before its start. */
  @IsInt() @Min(1) @Max(168) BOOKING_REMINDER_HOURS: number = 24;
  /** How long a freed slot is offered to the next waiting user. */
  @IsInt() @Min(1) @Max(10080) WAITLIST_OFFER_MINUTES: number = 120;
  /** Days after its end a terminal may still send a session it recorded offline (issue 20); such a session is flagged late. */
  @IsInt() @Min(1) @Max(90) TERMINAL_LATE_DAYS: number = 7;
}

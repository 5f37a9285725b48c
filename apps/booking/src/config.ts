import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@yixiang/common';

export class BookingConfig extends ServiceConfig {
  /** How often each replica looks for outbox events to publish (they share the work with SKIP LOCKED). */
  @IsInt() @Min(20) @Max(60000) OUTBOX_POLL_MS: number = 200;
}

import { IsInt, Max, Min } from 'class-validator';
import { OutboxServiceConfig } from '@yixiang/common';

export class BillingConfig extends OutboxServiceConfig {
  /** Usage records settled per round trip: bounds the worker's memory whatever a month holds. */
  @IsInt() @Min(10) @Max(100000) SETTLEMENT_BATCH: number = 5000;
}

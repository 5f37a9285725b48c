import { IsInt, Matches, Max, Min } from 'class-validator';
import { OutboxServiceConfig } from '@yixiang/common';

export class BillingConfig extends OutboxServiceConfig {
  /** Usage records settled per round trip: bounds the worker's memory whatever a month holds. */
  @IsInt() @Min(10) @Max(100000) SETTLEMENT_BATCH: number = 5000;

  /** Where users open the web app: an instrument's booking page is its national record's serviceUrl (issue 20). */
  @Matches(/^https?:\/\//, { message: 'PUBLIC_URL must be an http(s):// URL' })
  PUBLIC_URL: string = 'http://127.0.0.1:3000';
}

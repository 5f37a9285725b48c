import { Injectable } from '@nestjs/common';
import { CheckResult, OutboxBacklog, ServiceHealth } from '@yixiang/common';
import { BillingConfig } from '../config';
import { UsageConsumer } from './usage.consumer';

/** Billing's part of its health answer: usage-event deliveries that failed (reported; they are retried), and its outbox backlog. */
@Injectable()
export class UsageEventsHealth implements ServiceHealth {
  readonly version: string;

  constructor(private readonly consumer: UsageConsumer, private readonly outbox: OutboxBacklog, config: BillingConfig) {
    this.version = config.SERVICE_VERSION;
  }

  async reported(): Promise<Record<string, CheckResult>> {
    const { failed } = this.consumer.counts;
    return { usageEvents: { ok: true, ...(failed ? { error: `${failed} deliveries failed and were retried` } : {}) }, ...await this.outbox.reported() };
  }
}

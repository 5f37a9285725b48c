import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { hostname } from 'node:os';
import { BillingSubjects, HealthReply } from '@yixiang/contracts';
import { checkPostgres } from '@yixiang/common';
import { BillingConfig } from '../config';
import { UsageConsumer } from '../usage/usage.consumer';

@Controller()
export class HealthHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly config: BillingConfig,
    private readonly consumer: UsageConsumer,
  ) {}

  @MessagePattern(BillingSubjects.health)
  async check(): Promise<HealthReply> {
    const postgres = await checkPostgres(this.em);
    const { failed } = this.consumer.counts;
    return {
      service: 'billing', version: this.config.SERVICE_VERSION, instance: `${hostname()}:${process.pid}`, ok: postgres.ok,
      checks: { postgres, usageEvents: { ok: true, ...(failed ? { error: `${failed} deliveries failed and were retried` } : {}) } },
    };
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { BillingSubjects, HealthReply } from '@yixiang/contracts';
import { checkPostgres, checkSchema, Handles, healthReply } from '@yixiang/common';
import { BillingConfig } from '../config';
import { UsageConsumer } from '../usage/usage.consumer';

@Controller()
export class HealthHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly config: BillingConfig,
    private readonly consumer: UsageConsumer,
  ) {}

  @Handles(BillingSubjects.health)
  async check(): Promise<HealthReply> {
    const [postgres, schema] = await Promise.all([checkPostgres(this.em), checkSchema(this.em)]);
    const { failed } = this.consumer.counts;
    const usageEvents = { ok: true, ...(failed ? { error: `${failed} deliveries failed and were retried` } : {}) };
    return healthReply('billing', this.config.SERVICE_VERSION, { postgres, schema, usageEvents }, postgres.ok && schema.ok);
  }
}

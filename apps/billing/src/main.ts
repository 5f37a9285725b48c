import 'reflect-metadata';
import { BILLING_QUEUE_GROUP } from '@yixiang/contracts';
import { bootstrapService, checkRedisPolicy, loadConfig } from '@yixiang/common';
import { BillingModule } from './billing.module';
import { BillingConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(BillingConfig);
  // BullMQ on an evicting Redis loses jobs: refuse to start; on one that keeps nothing, warn.
  await checkRedisPolicy(config.REDIS_URL, 'billing');
  await bootstrapService(BillingModule.forRoot(config), { queue: BILLING_QUEUE_GROUP, natsUrl: config.NATS_URL });
}

main().catch((error) => {
  console.error(`billing: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

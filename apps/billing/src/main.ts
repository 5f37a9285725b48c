import 'reflect-metadata';
import { BILLING_QUEUE_GROUP } from '@yixiang/contracts';
import { bootstrapService, loadConfig } from '@yixiang/common';
import { BillingModule } from './billing.module';
import { BillingConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(BillingConfig);
  await bootstrapService(BillingModule.forRoot(config), { queue: BILLING_QUEUE_GROUP, natsUrl: config.NATS_URL });
}

main().catch((error) => {
  console.error(`billing: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

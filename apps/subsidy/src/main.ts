import 'reflect-metadata';
import { SUBSIDY_QUEUE_GROUP } from '@yixiang/contracts';
import { bootstrapService, checkRedisPolicy, loadConfig } from '@yixiang/common';
import { SubsidyModule } from './subsidy.module';
import { SubsidyConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(SubsidyConfig);
  // BullMQ on an evicting Redis loses jobs: refuse to start; on one that keeps nothing, warn.
  await checkRedisPolicy(config.REDIS_URL, 'subsidy');
  await bootstrapService(SubsidyModule.forRoot(config), { queue: SUBSIDY_QUEUE_GROUP, natsUrl: config.NATS_URL });
}

main().catch((error) => {
  console.error(`subsidy: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

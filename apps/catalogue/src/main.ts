import 'reflect-metadata';
import { CATALOGUE_QUEUE_GROUP } from '@yixiang/contracts';
import { bootstrapService, checkRedisPolicy, loadConfig } from '@yixiang/common';
import { CatalogueModule } from './catalogue.module';
import { CatalogueConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(CatalogueConfig);
  // BullMQ on an evicting Redis loses jobs: refuse to start; on one that keeps nothing, warn.
  await checkRedisPolicy(config.REDIS_URL, 'catalogue');
  await bootstrapService(CatalogueModule.forRoot(config), { queue: CATALOGUE_QUEUE_GROUP, natsUrl: config.NATS_URL });
}

main().catch((error) => {
  console.error(`catalogue: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import 'reflect-metadata';
import { NOTIFICATION_QUEUE_GROUP } from '@yixiang/contracts';
import { bootstrapService, checkRedisPolicy, loadConfig } from '@yixiang/common';
import { NotificationModule } from './notification.module';
import { NotificationConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(NotificationConfig);
  // Deliveries wait in BullMQ: an evicting Redis would lose them (the sweep of pending ones would bring them back, late).
  await checkRedisPolicy(config.REDIS_URL, 'notification');
  await bootstrapService(NotificationModule.forRoot(config), { queue: NOTIFICATION_QUEUE_GROUP, natsUrl: config.NATS_URL });
}

main().catch((error) => {
  console.error(`notification: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

import 'reflect-metadata';
import { BOOKING_QUEUE_GROUP } from '@yixiang/contracts';
import { bootstrapService, loadConfig } from '@yixiang/common';
import { BookingModule } from './booking.module';
import { BookingConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(BookingConfig);
  // No entities: bookings are written by SQL of the service's own (see orm.config.ts).
  await bootstrapService(BookingModule.forRoot(config), { queue: BOOKING_QUEUE_GROUP, natsUrl: config.NATS_URL, requestContext: false });
}

main().catch((error) => {
  console.error(`booking: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

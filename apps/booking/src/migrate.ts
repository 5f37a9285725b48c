import 'reflect-metadata';
import { loadConfig, runMigrations } from '@yixiang/common';
import { BookingConfig } from './config';
import { bookingOrmOptions } from './orm.config';

/** Deploy step: `node dist/apps/booking/src/migrate.js` applies the booking service's migrations. */
export async function migrateBooking(databaseUrl: string): Promise<string[]> {
  return runMigrations(bookingOrmOptions(databaseUrl));
}

if (require.main === module) {
  const config = loadConfig(BookingConfig);
  migrateBooking(config.DATABASE_URL)
    .then((applied) => console.log(`booking: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`))
    .catch((error) => {
      console.error(`booking: migration failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}

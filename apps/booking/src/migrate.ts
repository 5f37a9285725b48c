import 'reflect-metadata';
import { loadConfig, migrationCommand, runMigrations } from '@yixiang/common';
import { BookingConfig } from './config';
import { bookingOrmOptions } from './orm.config';

/** Deploy step: `node dist/apps/booking/src/migrate.js` applies the booking service's migrations. */
export const migrateBooking = (databaseUrl: string): Promise<string[]> => runMigrations(bookingOrmOptions(databaseUrl));

if (require.main === module) migrationCommand('booking', () => loadConfig(BookingConfig).DATABASE_URL, migrateBooking);

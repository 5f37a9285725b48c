import { migrateBilling } from '../../../apps/billing/src/migrate';
import { migrateBooking } from '../../../apps/booking/src/migrate';
import { migrateCatalogue } from '../../../apps/catalogue/src/migrate';
import { migrateSubsidy } from '../../../apps/subsidy/src/migrate';
import { migrateNotification } from '../../../apps/notification/src/migrate';

/** Every service's migrations, each in its own schema; the deploy step before services start. */
export const SERVICE_MIGRATIONS: Record<string, (databaseUrl: string) => Promise<string[]>> = {
  catalogue: migrateCatalogue,
  booking: migrateBooking,
  billing: migrateBilling,
  subsidy: migrateSubsidy,
  notification: migrateNotification,
};

export async function migrateAll(databaseUrl: string, log: (line: string) => void = () => undefined): Promise<void> {
  for (const [service, migrate] of Object.entries(SERVICE_MIGRATIONS)) {
    const applied = await migrate(databaseUrl);
    log(`${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`);
  }
}

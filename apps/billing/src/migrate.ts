import 'reflect-metadata';
import { loadConfig, runMigrations } from '@yixiang/common';
import { BillingConfig } from './config';
import { billingOrmOptions } from './orm.config';

/** Deploy step: `node dist/apps/billing/src/migrate.js` applies the billing service's migrations. */
export async function migrateBilling(databaseUrl: string): Promise<string[]> {
  return runMigrations(billingOrmOptions(databaseUrl));
}

if (require.main === module) {
  const config = loadConfig(BillingConfig);
  migrateBilling(config.DATABASE_URL)
    .then((applied) => console.log(`billing: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`))
    .catch((error) => {
      console.error(`billing: migration failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}

import 'reflect-metadata';
import { loadConfig, migrationCommand, runMigrations } from '@yixiang/common';
import { BillingConfig } from './config';
import { billingOrmOptions } from './orm.config';

/** Deploy step: `node dist/apps/billing/src/migrate.js` applies the billing service's migrations. */
export const migrateBilling = (databaseUrl: string): Promise<string[]> => runMigrations(billingOrmOptions(databaseUrl));

if (require.main === module) migrationCommand('billing', () => loadConfig(BillingConfig).DATABASE_URL, migrateBilling);

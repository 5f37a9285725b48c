import 'reflect-metadata';
import { loadConfig, migrationCommand, runMigrations } from '@yixiang/common';
import { SubsidyConfig } from './config';
import { subsidyOrmOptions } from './orm.config';

/** Deploy step: `node dist/apps/subsidy/src/migrate.js` applies the subsidy service's migrations. */
export const migrateSubsidy = (databaseUrl: string): Promise<string[]> => runMigrations(subsidyOrmOptions(databaseUrl));

if (require.main === module) migrationCommand('subsidy', () => loadConfig(SubsidyConfig).DATABASE_URL, migrateSubsidy);

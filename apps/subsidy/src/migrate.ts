import 'reflect-metadata';
import { loadConfig, runMigrations } from '@yixiang/common';
import { SubsidyConfig } from './config';
import { subsidyOrmOptions } from './orm.config';

/** Deploy step: `node dist/apps/subsidy/src/migrate.js` applies the subsidy service's migrations. */
export async function migrateSubsidy(databaseUrl: string): Promise<string[]> {
  return runMigrations(subsidyOrmOptions(databaseUrl));
}

if (require.main === module) {
  const config = loadConfig(SubsidyConfig);
  migrateSubsidy(config.DATABASE_URL)
    .then((applied) => console.log(`subsidy: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`))
    .catch((error) => {
      console.error(`subsidy: migration failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}

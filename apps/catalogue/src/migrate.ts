import 'reflect-metadata';
import { loadConfig, runMigrations } from '@yixiang/common';
import { CatalogueConfig } from './config';
import { catalogueOrmOptions } from './orm.config';

/** Deploy step: `node dist/apps/catalogue/src/migrate.js` applies the catalogue's migrations. */
export async function migrateCatalogue(databaseUrl: string): Promise<string[]> {
  return runMigrations(catalogueOrmOptions(databaseUrl));
}

if (require.main === module) {
  const config = loadConfig(CatalogueConfig);
  migrateCatalogue(config.DATABASE_URL)
    .then((applied) => console.log(`catalogue: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`))
    .catch((error) => {
      console.error(`catalogue: migration failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}

import 'reflect-metadata';
import { loadConfig, migrationCommand, runMigrations } from '@yixiang/common';
import { CatalogueConfig } from './config';
import { catalogueOrmOptions } from './orm.config';

/** Deploy step: `node dist/apps/catalogue/src/migrate.js` applies the catalogue's migrations. */
export const migrateCatalogue = (databaseUrl: string): Promise<string[]> => runMigrations(catalogueOrmOptions(databaseUrl));

if (require.main === module) migrationCommand('catalogue', () => loadConfig(CatalogueConfig).DATABASE_URL, migrateCatalogue);

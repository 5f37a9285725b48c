import { serviceOrmOptions } from '@yixiang/common';
import { CATALOGUE_ENTITIES } from './entities';
import { CATALOGUE_MIGRATIONS } from './migrations';

export const CATALOGUE_SCHEMA = 'catalogue';

export function catalogueOrmOptions(databaseUrl: string, poolMax?: number) {
  return serviceOrmOptions({ schema: CATALOGUE_SCHEMA, entities: CATALOGUE_ENTITIES, migrations: CATALOGUE_MIGRATIONS, databaseUrl, poolMax });
}

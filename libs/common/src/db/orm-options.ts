import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { Constructor, MigrationObject, Options } from '@mikro-orm/core';

export interface ServiceOrmSpec {
  /** The service's own PostgreSQL schema: no service reads another's tables. */
  schema: string;
  entities: Constructor<unknown>[];
  migrations: MigrationObject[];
  databaseUrl: string;
  poolMax?: number;
}

export function serviceOrmOptions(spec: ServiceOrmSpec): Options<PostgreSqlDriver> {
  return defineConfig({
    clientUrl: spec.databaseUrl,
    schema: spec.schema,
    entities: spec.entities,
    extensions: [Migrator],
    forceUtcTimezone: true,
    allowGlobalContext: false,
    pool: { min: 0, max: spec.poolMax ?? 10 },
    discovery: { warnWhenNoEntities: false },
    migrations: {
      tableName: `${spec.schema}.mikro_orm_migrations`,
      migrationsList: spec.migrations,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    debug: false,
  });
}

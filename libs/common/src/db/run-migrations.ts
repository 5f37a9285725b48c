import { MikroORM } from '@mikro-orm/postgresql';
import type { Options } from '@mikro-orm/core';
import type { PostgreSqlDriver } from '@mikro-orm/postgresql';

/**
 * Applies a service's committed migrations. Run by a deploy step (the local stack script, the
 * compose `migrate` service, a Kubernetes Job, the test global setup), never by replicas at boot.
 */
export async function runMigrations(options: Options<PostgreSqlDriver>): Promise<string[]> {
  const orm = await MikroORM.init({ ...options, entities: [], discovery: { warnWhenNoEntities: false } });
  try {
    await orm.em.getConnection().execute(`create schema if not exists "${options.schema}"`);
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

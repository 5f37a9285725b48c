import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A query with real bind parameters, in the entity manager's transaction when it has one.
 * `em.execute` inlines every parameter into the SQL text, which for bulk writes (arrays of
 * thousands of values) costs an escaping pass in Node and a parse of a megabyte of SQL in
 * PostgreSQL; here the values travel as parameters. Arrays go as `pgArray` literals.
 */
export async function boundQuery<T = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<T[]> {
  const knex = em.getConnection().getKnex();
  let query = knex.raw(sql, params as unknown[]);
  const trx = em.getTransactionContext();
  if (trx) query = query.transacting(trx);
  const result = (await query) as { rows: T[] };
  return result.rows;
}

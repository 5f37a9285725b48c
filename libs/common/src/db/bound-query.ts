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

/** A connection of the pool, as far as a prepared statement needs it. */
interface PgClient {
  query<T>(query: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: T[] }>;
}

/**
 * One statement outside any transaction, prepared once per pooled connection under `name` and then
 * only bound and executed: for the hottest statement of a service (a booking's INSERT), which would
 * otherwise pay knex's and MikroORM's query building in Node and a parse and plan in PostgreSQL
 * every time. `text` uses PostgreSQL's $1, $2… placeholders. The connection comes from MikroORM's
 * own pool, so the service still keeps one pool with one size limit.
 */
export async function preparedQuery<T = Record<string, unknown>>(em: EntityManager, name: string, text: string, values: readonly unknown[]): Promise<T[]> {
  const client = em.getConnection().getKnex().client as { acquireConnection(): Promise<PgClient>; releaseConnection(c: PgClient): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    return (await connection.query<T>({ name, text, values })).rows;
  } finally {
    await client.releaseConnection(connection);
  }
}

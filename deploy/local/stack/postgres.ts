import { Client } from 'pg';

/** The server's URL with another database name. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates the database if it is missing. LC_CTYPE must be a UTF-8 locale: with plain C,
 * PostgreSQL's lower() and regular expressions would not treat Chinese characters as letters.
 */
export async function ensureDatabase(serverUrl: string, name: string): Promise<boolean> {
  if (!SAFE_NAME.test(name)) throw new Error(`unsafe database name ${name}`);
  return withAdmin(serverUrl, async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount) return false;
    const locales = await client.query<{ collname: string }>(
      `select collname from pg_collation where collname in ('C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8') order by collname`);
    const ctype = ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'].find((l) => locales.rows.some((r) => r.collname === l));
    if (!ctype) throw new Error('PostgreSQL has no UTF-8 locale (C.UTF-8 or en_US.UTF-8); install the "locales" package or use a server built with ICU');
    await client.query(`create database "${name}" template template0 encoding 'UTF8' lc_collate 'C' lc_ctype '${ctype}'`);
    return true;
  });
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!SAFE_NAME.test(name)) throw new Error(`unsafe database name ${name}`);
  await withAdmin(serverUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
}

import { migrateAll } from './migrate';

/** `npm run migrate`: applies every service's migrations to DATABASE_URL (the deploy step). */
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/yixiang';
migrateAll(url, (line) => console.log(line)).catch((error) => {
  console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

/**
 * The deploy step of one service, `node dist/apps/<service>/src/migrate.js`: applies its migrations,
 * prints what it applied, exits 1 with the reason if it could not. One definition for the four
 * services' migrate.ts (each names only its config and ORM options).
 */
export function migrationCommand(service: string, databaseUrl: () => string, migrate: (databaseUrl: string) => Promise<string[]>): void {
  Promise.resolve()
    .then(() => migrate(databaseUrl()))
    .then((applied) => console.log(`${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`))
    .catch((error: unknown) => {
      console.error(`${service}: migration failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Where a service's SQL lives (issue 15): in its repositories (`*.repository.ts`), never in a
 * `*.service.ts`. The apps' `repositories.spec.ts` read their services' text with these helpers.
 */

/** Every `*.service.ts` under `dir`, relative to it, sorted; folders named in `skip` left out. */
export function serviceFiles(dir: string, skip: readonly string[] = []): string[] {
  const walk = (at: string): string[] => readdirSync(at, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return skip.includes(e.name) ? [] : walk(join(at, e.name));
    return e.name.endsWith('.service.ts') ? [relative(dir, join(at, e.name))] : [];
  });
  return walk(dir).sort();
}

/** What says a text runs SQL itself: the raw-query calls of MikroORM, knex and libs/common's helpers. */
const RAW_SQL_CALLS = ['.execute(', 'getConnection', 'getKnex', '.raw(', 'boundQuery', 'preparedQuery'] as const;

/**
 * A schema-qualified name (`billing.voucher`, `catalogue.refresh_due_prices()`) as SQL text has it:
 * not a property (`this.billing.check`), a path (`./catalogue.client`) or a subject
 * (`billing.usage.record`, with a dot after the name).
 */
const qualifiedName = (schemas: readonly string[]) => new RegExp(`(?<![\\w.$/])(?:${schemas.join('|')})\\.[a-z_]+\\b(?!\\.)`, 'g');

/** The raw-SQL calls and schema-qualified names in a text, each once. */
export function sqlMarks(text: string, schemas: readonly string[]): string[] {
  const calls = RAW_SQL_CALLS.filter((mark) => text.includes(mark));
  return [...new Set([...calls, ...(text.match(qualifiedName(schemas)) ?? [])])];
}

/**
 * The methods a text calls on an EntityManager (`em.`, `tx.`, `this.em.`, `this.orm.em.`), each
 * once: what a spec compares with the uses it allows.
 */
export function entityManagerCalls(text: string): string[] {
  return [...new Set([...text.matchAll(/(?<![\w$])(?:this\.)?(?:orm\.)?(?:em|tx)\.(\w+)\(/g)].map((m) => m[1]))].sort();
}

/** A service's text, for the specs. */
export const serviceText = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');

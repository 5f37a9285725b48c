import type { Actor, InstrumentSearchQuery, ServiceMode } from '@yixiang/contracts';
import { escapeLike, pgArray } from '@yixiang/common';
import { UUID_PATTERN } from '@yixiang/domain';

/** Lower-cased search terms; whitespace separates terms, and every term must match. */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  return q.toLowerCase().split(/\s+/).filter((t) => t.length > 0).slice(0, 8);
}

/** The two-character grams of a term, as the database's `catalogue.bigrams` makes them. */
export function bigrams(term: string): string[] {
  const chars = [...term];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  return [...grams];
}

/** A fixed map, never string building: the column name goes into SQL text. */
const PRICE_COLUMN: Record<ServiceMode, string> = { self: 'price_self_fen', assisted: 'price_assisted_fen', sample: 'price_sample_fen' };

export interface SqlWhere {
  clauses: string[];
  params: unknown[];
}

/**
 * Builds the WHERE clause of a catalogue search. Text terms go through the GIN index on the
 * bigram array and are then confirmed with LIKE; everything else is an indexed equality.
 */
export function searchWhere(actor: Actor, query: InstrumentSearchQuery): SqlWhere {
  const { narrow, recheck } = textSearchWhere(actor, query);
  return { clauses: [...narrow.clauses, ...recheck.clauses], params: [...narrow.params, ...recheck.params] };
}

/**
 * The same conditions in two parts: `narrow`, which the indexes answer, and `recheck`, the LIKE
 * confirmations of terms whose bigrams were already required. PostgreSQL takes a term's bigram
 * containment and its LIKE for independent conditions and multiplies their selectivities, so it
 * expects a few hundred matches where there are thousands and walks the whole table in code order
 * (seen: 73 ms instead of 15 ms for 光谱). A text search applies `recheck` only to the rows that
 * `narrow` found (see InstrumentsService.runSearch).
 */
export function textSearchWhere(actor: Actor, query: InstrumentSearchQuery): { narrow: SqlWhere; recheck: SqlWhere } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const recheck: SqlWhere = { clauses: [], params: [] };
  if (actor.role !== 'bureau' && actor.role !== 'auditor') {
    // Outsiders see open, unretired instruments; an institution's own people see all of its own.
    clauses.push(`((i.sharing_status = 'open' and (i.retired_on is null or i.retired_on > current_date)) or i.institution_id = ?)`);
    params.push(actor.institutionId);
  }
  for (const term of searchTerms(query.q)) {
    const grams = bigrams(term);
    if (grams.length > 0) {
      clauses.push(`i.search_grams @> ?::text[]`);
      params.push(pgArray(grams));
    }
    // A two-character term is its own bigram, and the row's grams are every pair of characters of
    // its text without whitespace (catalogue.bigrams): containing the gram is containing the term.
    if ([...term].length === 2) continue;
    // A one-character term has no bigram: its LIKE is the only condition, so it narrows.
    const like = grams.length > 0 ? recheck : { clauses, params };
    like.clauses.push(`i.search_text like ?`);
    like.params.push(`%${escapeLike(term)}%`);
  }
  if (query.category) {
    if (query.category.length === 2) {
      clauses.push(`i.category_code like ?`);
      params.push(`${query.category}%`);
    } else {
      clauses.push(`i.category_code = ?`);
      params.push(query.category);
    }
  }
  // `i` is catalogue.instrument_search, the narrow copy that also carries the owner's region.
  if (query.institution) {
    if (UUID_PATTERN.test(query.institution)) {
      clauses.push(`i.institution_id = ?`);
      params.push(query.institution.toLowerCase());
    } else {
      clauses.push(`i.institution_id = (select id from catalogue.institution where code = ?)`);
      params.push(query.institution);
    }
  }
  if (query.region) {
    clauses.push(`i.region = ?`);
    params.push(query.region);
  }
  if (query.sharingStatus) {
    clauses.push(`i.sharing_status = ?`);
    params.push(query.sharingStatus);
  }
  if (query.onlineBooking !== undefined) {
    clauses.push(`i.online_booking = ?`);
    params.push(query.onlineBooking);
  }
  if (query.mode) {
    // Containment, not `= any`: GIN indexes answer @>.
    clauses.push(`i.service_modes @> ?::text[]`);
    params.push(pgArray([query.mode]));
  }
  if (query.maxPriceFen !== undefined) {
    // Prices of the cards valid now, kept on the search row (see Migration20261122020000).
    clauses.push(`i.${query.mode ? PRICE_COLUMN[query.mode] : 'price_min_fen'} <= ?`);
    params.push(query.maxPriceFen);
  }
  return { narrow: { clauses, params }, recheck };
}

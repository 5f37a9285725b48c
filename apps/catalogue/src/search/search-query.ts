import type { Actor, InstrumentSearchQuery, ServiceMode } from '@yixiang/contracts';
import { escapeLike, pgArray } from '@yixiang/common';
import { isInitialsTerm, searchTerms, termAlternatives, UUID_PATTERN } from '@yixiang/domain';

/** Lower-cased search terms (libs/domain searchTerms): whitespace separates terms, every term must match. */
export { searchTerms };

/**
 * The two-character grams of a text, as the database's `catalogue.bigrams` makes them: none with
 * whitespace (a multi-word form such as "electron microscope" is one term).
 */
export function bigrams(term: string): string[] {
  const chars = [...term];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i] + chars[i + 1];
    if (!/\s/.test(gram)) grams.add(gram);
  }
  return [...grams];
}

/** A two-character text without whitespace is its own bigram: containing the gram is containing the text. */
export function isOwnBigram(text: string): boolean {
  return [...text].length === 2 && !/\s/.test(text);
}

/**
 * What one search term is looked for as: its alternatives (termAlternatives: the term, its synonyms),
 * and, for a term that may be pinyin initials, the initials' key. A row matches the term when it
 * matches any of them. The in-memory index (search-index.ts) reads a term the same way.
 */
export interface TermForms {
  texts: string[];
  initials: string | null;
}

export function termForms(term: string): TermForms {
  return { texts: termAlternatives(term), initials: isInitialsTerm(term) ? term : null };
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
    const forms = termForms(term);
    if (forms.texts.length === 1 && forms.initials === null) oneText(term, { clauses, params }, recheck);
    else anyOf(forms, { clauses, params }, recheck);
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

/** A term looked for as itself only: its bigrams through the GIN index, then LIKE where the bigrams do not settle it. */
function oneText(term: string, narrow: SqlWhere, recheck: SqlWhere): void {
  const grams = bigrams(term);
  if (grams.length > 0) {
    narrow.clauses.push(`i.search_grams @> ?::text[]`);
    narrow.params.push(pgArray(grams));
  }
  // A two-character term is its own bigram, and the row's grams are every pair of characters of
  // its text without whitespace (catalogue.bigrams): containing the gram is containing the term.
  if ([...term].length === 2) return;
  // A one-character term has no bigram: its LIKE is the only condition, so it narrows.
  const like = grams.length > 0 ? recheck : narrow;
  like.clauses.push(`i.search_text like ?`);
  like.params.push(`%${escapeLike(term)}%`);
}

/**
 * A term with several alternatives (synonyms, pinyin initials): one OR in `narrow`, each branch
 * an index condition (a text's bigrams, the initials' key), and, unless every branch settles its
 * alternative by itself (a two-character text is its own bigram), one OR of the exact conditions
 * in `recheck`: some alternative in the search text, or the initials' key. A row is then found
 * exactly when it has one of the alternatives (given search_grams = bigrams(search_text), as the
 * generated column makes it). The recheck reads only search_text and initials_prefixes: the
 * columns InstrumentsRepository.textSearchPage carries to it.
 */
function anyOf(forms: TermForms, narrow: SqlWhere, recheck: SqlWhere): void {
  const exact: SqlWhere = { clauses: [], params: [] };
  const indexed: SqlWhere = { clauses: [], params: [] };
  let unindexed = false;
  let settled = true;
  for (const text of forms.texts) {
    const grams = bigrams(text);
    if (grams.length === 0) unindexed = true;
    indexed.clauses.push(`i.search_grams @> ?::text[]`);
    indexed.params.push(pgArray(grams));
    if (!isOwnBigram(text)) settled = false;
    exact.clauses.push(`i.search_text like ?`);
    exact.params.push(`%${escapeLike(text)}%`);
  }
  if (forms.initials !== null) {
    for (const where of [indexed, exact]) {
      where.clauses.push(`i.initials_prefixes @> ?::text[]`);
      where.params.push(pgArray([forms.initials]));
    }
  }
  const or = (w: SqlWhere) => ({ clause: `(${w.clauses.join(' or ')})`, params: w.params });
  // An alternative without a bigram (one character) cannot narrow through the index: the exact OR does.
  const first = or(unindexed ? exact : indexed);
  narrow.clauses.push(first.clause);
  narrow.params.push(...first.params);
  if (unindexed || settled) return;
  const then = or(exact);
  recheck.clauses.push(then.clause);
  recheck.params.push(...then.params);
}

/**
 * # The instrument search engine
 *
 * The one entry point of `src/search/`: nothing outside this folder imports its files directly
 * (search-boundary.spec.ts checks that). Inside it: the SQL of a search (search-query.ts), the
 * result cache and its generation counter (search-cache.ts, fresh-read.ts), the summaries kept per
 * generation (summary-cache.ts), and this replica's in-memory index of catalogue.instrument_search
 * (search-index.ts, segmented-search-index.ts, search-index.service.ts).
 *
 * **What it guarantees.** The index answers a search's page of ids and its total exactly as the
 * SQL path does: the same ids, in the same order (codes by code point, as the column's "C"
 * collation), the same total. The table stays the truth; the index is derived from it and is
 * refreshed to at least the generation a search has seen before it answers (read-your-writes).
 * Checked by search-index.spec.ts (fast-check: the index against a reference evaluation of the SQL
 * filters) and test/search-index.e2e-spec.ts (the index against PostgreSQL, writes included).
 *
 * **What it costs** (bench/search-index-cost.ts: 100,000 synthetic instruments, Node 20, measured
 * 2026-12-02 on the shared 2-core machine at load average ≈ 10): ≈ 480 bytes of heap per
 * instrument (45 MiB at 100,000; 492 bytes with the names' pinyin initials, measured 2026-12-03, whose
 * key sets are shared between rows of one name), besides the rows PostgreSQL sends while loading (read in slices
 * of 5,000 for that reason); a full build of the main segment took 1.2–1.4 s of one core there
 * (170–440 ms on the quiet machine of bench/, segmented-search-index.ts), blocking the event loop
 * (counted by the searchIndexRebuilds / searchIndexRebuildDuration metrics). A changed or new
 * instrument goes to the small recent segment instead (≈ 0.25 ms median per change when quiet).
 *
 * **When it rebuilds.** Loaded in slices at application bootstrap (searches use SQL until it is
 * ready; a failed load is retried after 10 s). Each search that sees a newer generation than the
 * index pulls the rows written since (by `written_xid`); an index older than 30 s, or one
 * whose database date has moved on, pulls before answering. The main segment is rebuilt when the recent one
 * would pass 2,000 rows (a bulk import goes that way at once).
 *
 * **What a term is looked for as.** As itself, or (issue 21) as any of its alternatives: its synonyms
 * (libs/domain termAlternatives) and, for a term of Latin letters, the keys of names' pinyin initials
 * (instrument_search.initials_prefixes). search-query.ts makes the SQL of it (an OR of index
 * conditions, then an OR of exact ones); search-index.ts the union of each alternative's posting
 * list, then the same check. An alternative no row has a gram of is skipped by the index, so a
 * Latin term whose initials no name has costs what it did before.
 *
 * **Turning it off.** There is no switch: until the index is loaded, and for availability searches
 * (whose busy list it does not know), InstrumentsService takes the SQL path, which is always there.
 */
export { SearchCache } from './search-cache';
export { SearchIndexService } from './search-index.service';
export { SummaryCache } from './summary-cache';
export { searchTerms, searchWhere, textSearchWhere } from './search-query';
export type { SqlWhere } from './search-query';
// For measuring the engine (bench/search-index-cost.ts), not for features: they go through the service.
export { SegmentedSearchIndex } from './segmented-search-index';
export type { SearchRow } from './search-index';
export { bigrams } from './search-query';

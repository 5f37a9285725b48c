import { trimOldest } from '@yixiang/common';

/** How many summaries a replica keeps (about half a kilobyte each). */
const MAX_SUMMARIES = 20000;

/**
 * Instrument summaries by id, as JSON text (an InstrumentSummary serialised), as of one catalogue
 * generation. A page of results that missed the page cache still mostly names instruments that
 * earlier pages showed; reading their summaries from PostgreSQL again was half of such a search's
 * cost in the catalogue. Text, not objects: a page is put together from the texts without
 * serialising again, and a kept string is one object for the garbage collector where a summary was
 * three (young-generation collections, which copy whatever survives, were the catalogue's longest
 * pauses). Every committed change moves the generation (see SearchCache), and a search that reads
 * a new generation empties this first, so a kept summary is never older than the search that reads it.
 */
export class SummaryCache {
  private generation: string | null = null;
  private readonly summaries = new Map<string, string>();

  /** The kept summaries of `ids` at `generation`, and the ids to read. */
  lookup(generation: string, ids: readonly string[]): { found: Map<string, string>; missing: string[] } {
    if (generation !== this.generation) {
      this.summaries.clear();
      this.generation = generation;
    }
    const found = new Map<string, string>();
    const missing: string[] = [];
    for (const id of ids) {
      const kept = this.summaries.get(id);
      if (kept) found.set(id, kept);
      else missing.push(id);
    }
    return { found, missing };
  }

  /** Keeps summaries read at `generation` (nothing if the cache has moved on since). */
  keep(generation: string, summaries: ReadonlyMap<string, string>): void {
    if (generation !== this.generation) return;
    for (const [id, json] of summaries) this.summaries.set(id, json);
    trimOldest(this.summaries, MAX_SUMMARIES);
  }
}

import { IndexAnswer, IndexQuery, SearchIndex, SearchRow } from './search-index';

/** Rows the recent segment holds before they are built into the main one. */
export const RECENT_SEGMENT_MAX = 2000;

/**
 * The search index in two segments, so that adding or renaming an instrument does not rebuild the
 * whole index. A rebuild of 100,000 rows blocks the replica's event loop for 170–440 ms (measured
 * on the 2-core machine of bench/); rows that cannot be patched in place (new ones, and those
 * whose code, text, institution, region or category changed) go instead to a small `recent`
 * segment, rebuilt whole on each change (measured at 100,000 + 500 rows: median 0.25 ms, at most
 * 9 ms per added instrument), and their old version is marked removed in
 * `main`. A search walks `main` in code order and merges `recent`'s matches in: the same ids,
 * order and total as one index over all rows. Once `recent` would pass `recentMax` rows,
 * they are built into `main` in one rebuild (a bulk import goes that way at once).
 */
export class SegmentedSearchIndex {
  private main = new SearchIndex();
  private recent = new SearchIndex();
  /** The rows in `recent` as given: what `main` is built from when they move there. */
  private readonly recentRows = new Map<string, SearchRow>();
  /**
   * Where each recent row goes among main's rows (its positionOf): fixed until main is rebuilt,
   * which empties recent, so a search merges by comparing ordinals rather than codes.
   */
  private readonly positions = new Map<string, number>();

  constructor(private readonly recentMax = RECENT_SEGMENT_MAX) {}

  get size(): number {
    return this.main.size + this.recent.size;
  }

  /** Whole rebuilds of the main segment (the first, empty build included). */
  get rebuilds(): number {
    return this.main.rebuilds;
  }

  get recentSize(): number {
    return this.recent.size;
  }

  /** The whole table: rows not given are gone. */
  replaceAll(rows: readonly SearchRow[]): void {
    this.main.replaceAll(rows);
    this.recent = new SearchIndex();
    this.recentRows.clear();
    this.positions.clear();
  }

  /** Adds or replaces rows by id. */
  upsert(rows: readonly SearchRow[]): void {
    // The last version of each row given.
    const latest = [...new Map(rows.map((r) => [r.id, r])).values()];
    const patched = latest.filter((r) => !this.recentRows.has(r.id) && this.main.canPatch(r));
    const kept = new Set(patched);
    const recent = latest.filter((r) => !kept.has(r));
    for (const row of recent) this.recentRows.set(row.id, row);
    if (this.recentRows.size > this.recentMax) {
      // Everything into main at once: one rebuild, and recent starts empty again.
      const moving = [...this.recentRows.values()];
      this.recent = new SearchIndex();
      this.recentRows.clear();
      this.positions.clear();
      this.main.upsert([...moving, ...patched]);
      return;
    }
    if (patched.length > 0) this.main.upsert(patched);
    if (recent.length > 0) {
      for (const row of recent) {
        this.main.remove(row.id);
        this.positions.set(row.id, this.main.positionOf(row.code));
      }
      this.recent.upsert(recent);
    }
  }

  search(q: IndexQuery, offset: number, limit: number): IndexAnswer {
    const recent = this.recent.size > 0 ? this.recent.matches(q).map((id) => ({ id, before: this.positions.get(id) as number })) : [];
    return this.main.search(q, offset, limit, recent);
  }
}

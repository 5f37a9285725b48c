import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { preparedQuery, trimOldest } from '@yixiang/common';
import { FreshRead } from './fresh-read';

interface Entry<T> {
  value: T;
  expires: number;
}

/**
 * Search results keyed by the catalogue's generation: every committed change moves the
 * generation (services bump it after their transaction), so a cached answer is only reused
 * while nothing it depends on has changed. A short lifetime bounds what a crash between commit
 * and bump, or a rate card becoming valid with the clock, could leave stale.
 */
@Injectable()
export class SearchCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  /** Computations under way: concurrent askers of one key share one query instead of each running it. */
  private readonly pending = new Map<string, Promise<unknown>>();
  private readonly maxEntries = 5000;
  private readonly ttlMs = 30000;
  hits = 0;
  misses = 0;

  /**
   * Every search reads the generation first; concurrent searches share a read that started after
   * each of them asked (FreshRead), so a search still sees every change committed before it.
   */
  private readonly current = new FreshRead(() => this.readGeneration());

  constructor(private readonly em: EntityManager) {}

  generation(): Promise<string> {
    return this.current.get();
  }

  /**
   * 0 until the first bump: a fresh sequence shows last_value 1 both before and after its first
   * nextval, and only is_called tells the two apart.
   */
  private async readGeneration(): Promise<string> {
    const [row] = await preparedQuery<{ g: string }>(this.em, 'search-generation', `select case when is_called then last_value else 0 end as g from catalogue.search_generation`, []);
    return row.g;
  }

  /** Called after a change has committed. */
  async bump(): Promise<void> {
    await this.em.getConnection().execute(`select nextval('catalogue.search_generation')`);
  }

  async getOrCompute<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.expires > now) {
      this.hits++;
      // Re-insert: Map keeps insertion order, so the oldest entries are evicted first.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.value as T;
    }
    const running = this.pending.get(key);
    if (running) {
      this.hits++;
      return running as Promise<T>;
    }
    this.misses++;
    const computing = compute()
      .then((value) => {
        this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
        trimOldest(this.entries, this.maxEntries);
        return value;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, computing);
    return computing;
  }
}

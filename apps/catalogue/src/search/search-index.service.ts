import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { ServiceMetrics } from '@yixiang/common';
import type { Actor, InstrumentSearchQuery } from '@yixiang/contracts';
import { SearchCache } from './search-cache';
import { searchTerms } from '@yixiang/domain';
import { IndexAnswer, IndexQuery, SearchRow } from './search-index';
import { SegmentedSearchIndex } from './segmented-search-index';
import { UUID_PATTERN } from '@yixiang/domain';

interface HeadRow {
  xmin: string;
  today: number;
  date_ends_at: string;
}

interface RefreshRow extends HeadRow {
  id: string | null;
  code: string;
  institution_id: string;
  region: string | null;
  category_code: string;
  sharing_status: string;
  retired_day: number | null;
  online_booking: boolean;
  service_modes: string[];
  search_text: string | null;
  search_grams: string[] | null;
  initials_prefixes: string[] | null;
  price_self_fen: string | null;
  price_assisted_fen: string | null;
  price_sample_fen: string | null;
  price_min_fen: string | null;
}

/**
 * One statement, so that the rows and the snapshot's xmin come from the same snapshot: every
 * transaction that commits after this snapshot has an xid ≥ its xmin (it was running, or had no
 * xid yet), so the next refresh, asking for `written_xid >= xmin`, cannot miss it; rows read
 * twice are upserted again. The left join keeps the first line when nothing changed. Dates travel
 * as day numbers computed by PostgreSQL, so the session's TimeZone and DateStyle decide
 * current_date and nothing else does; `date_ends_at` is when the session's current_date moves on.
 */
const ROW_COLUMNS = `r.id, r.code, r.institution_id, r.region, r.category_code, r.sharing_status,
    case when r.retired_on is null then null
         when isfinite(r.retired_on) then (r.retired_on - date '2000-01-01')::float8
         when r.retired_on > date '2000-01-01' then 'Infinity'::float8 else '-Infinity'::float8 end as retired_day,
    r.online_booking, r.service_modes, r.search_text, r.search_grams, r.initials_prefixes,
    r.price_self_fen, r.price_assisted_fen, r.price_sample_fen, r.price_min_fen`;
const SNAPSHOT = `select pg_snapshot_xmin(pg_current_snapshot()) as xmin, current_date as today_date, current_date - date '2000-01-01' as today`;
const HEAD_COLUMNS = `s.xmin::text as xmin, s.today, extract(epoch from (s.today_date + 1)::timestamptz) * 1000 as date_ends_at`;
const REFRESH_SQL = `select ${HEAD_COLUMNS}, ${ROW_COLUMNS}
  from (${SNAPSHOT}) s left join catalogue.instrument_search r on r.written_xid >= ?::xid8`;

/**
 * The first load reads the table in slices by id, so that the driver never holds 100,000 parsed
 * rows at once (a single statement made the replica's resident memory peak near 600 MiB). Its
 * xmin comes from a snapshot taken before the first slice: whatever commits after that has an
 * xid at least as large, so the first delta reads it again, whichever slice saw it or missed it.
 */
const HEAD_SQL = `select ${HEAD_COLUMNS} from (${SNAPSHOT}) s`;
const SLICE_SQL = `select ${ROW_COLUMNS} from catalogue.instrument_search r where r.id > ?::uuid order by r.id limit ?`;
const SLICE_ROWS = 5000;

interface IndexState {
  generation: bigint;
  xmin: string;
  today: number;
  dateEndsAt: number;
  refreshedAt: number;
}

/**
 * How long an index may go without asking for changes. The generation is bumped after a commit,
 * so a crash in between leaves it unmoved; this bounds what that could leave stale, as the
 * search cache's lifetime does for cached pages.
 */
const MAX_AGE_MS = 30000;
const RETRY_LOAD_MS = 10000;
const MAX_INSTITUTION_CODES = 10000;

const fen = (v: string | null) => (v === null ? null : Number(v));

function searchRow(r: RefreshRow & { id: string }): SearchRow {
  return {
    id: r.id, code: r.code, institutionId: r.institution_id, region: r.region, categoryCode: r.category_code,
    sharingStatus: r.sharing_status, retiredDay: r.retired_day === null ? null : Number(r.retired_day), onlineBooking: r.online_booking,
    serviceModes: r.service_modes, searchText: r.search_text, searchGrams: r.search_grams, initialsPrefixes: r.initials_prefixes,
    priceSelfFen: fen(r.price_self_fen), priceAssistedFen: fen(r.price_assisted_fen), priceSampleFen: fen(r.price_sample_fen),
    priceMinFen: fen(r.price_min_fen),
  };
}

/**
 * This replica's in-memory copy of catalogue.instrument_search, answering a search's page of ids
 * and its total without PostgreSQL. It is derived data: the table stays the truth, and a search
 * that sees a newer generation than the index was refreshed at first pulls the rows written since
 * (read-your-writes). Until the first load has finished, searches take the SQL path.
 */
@Injectable()
export class SearchIndexService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SearchIndexService.name);
  private readonly index = new SegmentedSearchIndex();
  private state: IndexState | null = null;
  /** The refresh under way: concurrent searches wait for the same one instead of each starting theirs. */
  private refreshing: Promise<void> | null = null;
  /** Institution codes a search named, resolved as the SQL path's sub-select does; emptied on every change. */
  private readonly institutionCodes = new Map<string, string | null>();
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly em: EntityManager,
    private readonly cache: SearchCache,
    // Optional: tests build the service by hand, without a process's metrics.
    @Optional() private readonly metrics?: ServiceMetrics,
  ) {}

  get ready(): boolean {
    return this.state !== null;
  }

  /** In the background: the service answers (through SQL) while the index loads. */
  onApplicationBootstrap(): void {
    this.load();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
  }

  private load(): void {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    this.refresh()
      .then(() => {
        const heapMiB = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1048576);
        this.logger.log(`search index loaded: ${this.index.size} instruments in ${Date.now() - started} ms (heap +${heapMiB} MiB)`);
      })
      .catch((error: unknown) => {
        if (this.stopped) return;
        this.logger.warn(`search index did not load (searches use SQL until it does): ${error instanceof Error ? error.message : String(error)}`);
        this.retry = setTimeout(() => this.load(), RETRY_LOAD_MS);
        this.retry.unref();
      });
  }

  /**
   * The ids of the page and the total, as InstrumentsService's SQL path would find them, or null
   * when the index cannot answer (not loaded yet, or its refresh failed): the caller then asks SQL.
   * `generation` is the one the search read before it started: the index is at least that fresh.
   */
  async search(actor: Actor, query: InstrumentSearchQuery, generation: string, offset: number, limit: number): Promise<IndexAnswer | null> {
    if (this.state === null) return null;
    try {
      const wanted = BigInt(generation);
      // A refresh that started before the wanted generation was bumped may miss its change: then
      // one more. More than a few rounds only happen under a stream of writes; SQL answers then.
      for (let round = 0; !this.freshFor(wanted); round++) {
        if (round === 3) return null;
        await this.refresh();
      }
      const state = this.state;
      const q: IndexQuery = {
        terms: searchTerms(query.q),
        category: query.category, region: query.region, sharingStatus: query.sharingStatus, onlineBooking: query.onlineBooking,
        mode: query.mode, maxPriceFen: query.maxPriceFen,
        viewer: actor.role === 'bureau' || actor.role === 'auditor' ? 'all' : { institutionId: actor.institutionId },
        today: state.today,
      };
      if (query.institution !== undefined) q.institutionId = await this.institutionId(query.institution);
      return this.index.search(q, offset, limit);
    } catch (error) {
      this.logger.warn(`search index could not answer, using SQL: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  private freshFor(wanted: bigint): boolean {
    const s = this.state;
    const now = Date.now();
    return s !== null && s.generation >= wanted && now < s.dateEndsAt && now - s.refreshedAt < MAX_AGE_MS;
  }

  /** As `i.institution_id = (select id from catalogue.institution where code = ?)`: null when no institution has the code. */
  private async institutionId(ref: string): Promise<string | null> {
    if (UUID_PATTERN.test(ref)) return ref.toLowerCase();
    const known = this.institutionCodes.get(ref);
    if (known !== undefined) return known;
    const [row] = await this.em.getConnection().execute<{ id: string }[]>(`select id from catalogue.institution where code = ?`, [ref]);
    if (this.institutionCodes.size >= MAX_INSTITUTION_CODES) this.institutionCodes.clear();
    this.institutionCodes.set(ref, row?.id ?? null);
    return row?.id ?? null;
  }

  /** Single-flight: joins the refresh under way, if any. */
  refresh(): Promise<void> {
    this.refreshing ??= this.pull().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async pull(): Promise<void> {
    // The generation first: every change it counts committed before the rows below are read.
    const generation = BigInt(await this.cache.generation());
    const previous = this.state;
    const { head, rows } = previous ? await this.delta(previous.xmin) : await this.everything();
    // The first load is the whole table; a row missing from it is gone. A delta only adds and
    // replaces: instruments are never deleted (a deleted one would stay until the next full load).
    const rebuildsBefore = this.index.rebuilds;
    const applying = performance.now();
    if (!previous) this.index.replaceAll(rows);
    else if (rows.length > 0) this.index.upsert(rows);
    this.countRebuilds(this.index.rebuilds - rebuildsBefore, (performance.now() - applying) / 1000);
    if (!previous || generation !== previous.generation || rows.length > 0) this.institutionCodes.clear();
    this.state = {
      generation: previous && previous.generation > generation ? previous.generation : generation,
      xmin: head.xmin, today: head.today, dateEndsAt: Number(head.date_ends_at), refreshedAt: Date.now(),
    };
  }

  /** A refresh that rebuilt the main segment blocked the event loop for `seconds`: worth a series. */
  private countRebuilds(rebuilds: number, seconds: number): void {
    if (!this.metrics || rebuilds <= 0) return;
    this.metrics.searchIndexRebuilds.inc(rebuilds);
    this.metrics.searchIndexRebuildDuration.observe(seconds);
  }

  /** The rows written since the snapshot whose xmin is given, with a new snapshot's head, in one statement. */
  private async delta(xmin: string): Promise<{ head: HeadRow; rows: SearchRow[] }> {
    const lines = await this.em.getConnection().execute<RefreshRow[]>(REFRESH_SQL, [xmin]);
    return { head: lines[0], rows: lines.filter((r): r is RefreshRow & { id: string } => r.id !== null).map(searchRow) };
  }

  /** The whole table, slice by slice (see SLICE_SQL). */
  private async everything(): Promise<{ head: HeadRow; rows: SearchRow[] }> {
    const conn = this.em.getConnection();
    const [head] = await conn.execute<HeadRow[]>(HEAD_SQL);
    const rows: SearchRow[] = [];
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const slice = await conn.execute<(RefreshRow & { id: string })[]>(SLICE_SQL, [after, SLICE_ROWS]);
      for (const r of slice) rows.push(searchRow(r));
      if (slice.length < SLICE_ROWS) return { head, rows };
      after = slice[slice.length - 1].id;
    }
  }

  /** Test and maintenance hook: forget everything and load the whole table again. */
  async reload(): Promise<void> {
    await this.refreshing?.catch(() => undefined);
    this.state = null;
    await this.refresh();
  }
}

import type { ServiceMode } from '@yixiang/contracts';
import { byCodePoint } from '@yixiang/domain';
import { bigrams, isOwnBigram, termForms, TermForms } from './search-query';

/**
 * One row of catalogue.instrument_search as the index keeps it. Dates are day numbers (days since
 * 2000-01-01, as the database computes them, so that no time zone or DateStyle comes between);
 * prices are whole fen, exact as JS numbers (they are bounded by Number.MAX_SAFE_INTEGER).
 */
export interface SearchRow {
  id: string;
  code: string;
  institutionId: string;
  region: string | null;
  categoryCode: string;
  sharingStatus: string;
  /** null: not retired. ±Infinity for the database's infinite dates. */
  retiredDay: number | null;
  onlineBooking: boolean;
  serviceModes: readonly string[];
  searchText: string | null;
  searchGrams: readonly string[] | null;
  /** The keys of the name's pinyin initials (initialsPrefixes); null when it has none. */
  initialsPrefixes: readonly string[] | null;
  priceSelfFen: number | null;
  priceAssistedFen: number | null;
  priceSampleFen: number | null;
  priceMinFen: number | null;
}

/** What a search asks, already in the index's terms (see SearchIndexService for the mapping). */
export interface IndexQuery {
  /** searchTerms(q): lower-cased, every one must match. */
  terms: readonly string[];
  category?: string;
  /** An institution id (lower case); null when the query named an institution code that does not exist. */
  institutionId?: string | null;
  region?: string;
  sharingStatus?: string;
  onlineBooking?: boolean;
  mode?: ServiceMode;
  maxPriceFen?: number;
  /** 'all' for the bureau and auditors; otherwise the actor's own institution (which sees all of its own). */
  viewer: 'all' | { institutionId: string | null };
  /** current_date of the database, as a day number. */
  today: number;
}

export interface IndexAnswer {
  ids: string[];
  total: number;
}

/** A match of another segment, merged in before this index's ordinal `before` (see `positionOf`). */
export interface MergedMatch {
  id: string;
  before: number;
}

const MODE_BIT: Record<ServiceMode, number> = { self: 1, assisted: 2, sample: 4 };
const NONE = -1;

/** Interns strings as small integers, so that filters compare numbers in typed arrays. */
class Dictionary {
  private readonly ords = new Map<string, number>();
  readonly values: string[] = [];

  intern(value: string): number {
    let ord = this.ords.get(value);
    if (ord === undefined) {
      ord = this.values.length;
      this.ords.set(value, ord);
      this.values.push(value);
    }
    return ord;
  }

  get(value: string): number {
    return this.ords.get(value) ?? NONE;
  }
}

/** A row as stored between rebuilds: its grams and initials' keys already interned, the text arrays dropped. */
interface StoredRow {
  row: SearchRow;
  grams: Int32Array;
  initials: Int32Array;
}

/** Posting lists (CSR): ordinals of key k are postings[offsets[k] .. offsets[k + 1]), ascending. */
interface PostingLists {
  offsets: Int32Array;
  postings: Int32Array;
}

/**
 * What a row must pass for a term with several alternatives (see `alternatives`): be in one of
 * these lists, or have one of these texts in its search text.
 */
interface AnyOf {
  lists: Int32Array[];
  texts: string[];
}

/** Ordinal-indexed columns of one build: ordinal = rank of the row by code. */
interface Columns {
  size: number;
  ids: string[];
  codes: string[];
  /** 1 for a row removed since this build (it lives on in another segment). */
  removed: Uint8Array;
  /** Ordinal of each id, for patching a row in place. */
  ordinals: Map<string, number>;
  searchText: (string | null)[];
  institution: Int32Array;
  region: Int32Array;
  category: Int32Array;
  sharing: Int32Array;
  online: Uint8Array;
  modes: Uint8Array;
  /** +Infinity for "not retired": `retired_on is null or retired_on > today` is then one comparison. */
  retired: Float64Array;
  /** NaN for a null price: NaN <= x is false, as `null <= x` is not true in SQL. */
  price: Record<ServiceMode | 'min', Float64Array>;
  /** Ordinals by interned gram. */
  grams: PostingLists;
  /** Ordinals by interned key of the name's initials. */
  initials: PostingLists;
  institutionPostings: Map<number, Int32Array>;
  regionPostings: Map<number, Int32Array>;
  categoryPostings: Map<number, Int32Array>;
}

/*
 * Codes are ordered as the column's "C" collation orders them (Migration20261201000000_search_index_delta):
 * byCodePoint. Codes are ASCII (CODE_PATTERN), so the native comparison, which agrees with it except
 * where a character above U+FFFF meets one in U+E000–U+FFFF, is used whenever no code has such a character.
 */
const nativeCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const BEYOND_ASCII_ORDER = /[\ud800-\uffff]/;

/** The first index in `list` at or after `from` whose value is ≥ `target` (galloping, then binary search). */
function seek(list: Int32Array, from: number, target: number): number {
  let step = 1;
  let hi = from;
  while (hi < list.length && list[hi] < target) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, list.length);
  while (from < hi) {
    const mid = (from + hi) >>> 1;
    if (list[mid] < target) from = mid + 1;
    else hi = mid;
  }
  return from;
}

/** The posting list of an interned key (NONE: no row has it). */
function listOf(lists: PostingLists, key: number): Int32Array | null {
  if (key === NONE || key + 1 >= lists.offsets.length) return null;
  return lists.postings.subarray(lists.offsets[key], lists.offsets[key + 1]);
}

/** A filter's value as its dictionary ordinal: NONE when the query does not filter on it, null when no row has it. */
function wanted(dictionary: Dictionary, value: string | undefined): number | null {
  if (value === undefined) return NONE;
  const ord = dictionary.get(value);
  return ord === NONE ? null : ord;
}

/** Whether the ascending list holds `o`. */
function holds(list: Int32Array, o: number): boolean {
  const at = seek(list, 0, o);
  return at < list.length && list[at] === o;
}

/** The ordinals in any of the ascending lists, ascending and distinct. */
function union(lists: Int32Array[]): Int32Array {
  if (lists.length === 1) return lists[0];
  const all = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    all.set(list, at);
    at += list.length;
  }
  all.sort();
  let kept = 0;
  for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[k - 1]) all[kept++] = all[k];
  return all.subarray(0, kept);
}

/** Posting lists over `count` keys, each row's keys given by `keysOf`; rows in ordinal order, so every list comes out ascending. */
function postingLists(stored: StoredRow[], count: number, keysOf: (s: StoredRow) => Int32Array): PostingLists {
  const offsets = new Int32Array(count + 1);
  for (const s of stored) {
    const keys = keysOf(s);
    for (let k = 0; k < keys.length; k++) offsets[keys[k] + 1]++;
  }
  for (let g = 0; g < count; g++) offsets[g + 1] += offsets[g];
  const postings = new Int32Array(offsets[count]);
  const next = offsets.slice(0, count);
  for (let o = 0; o < stored.length; o++) {
    const keys = keysOf(stored[o]);
    for (let k = 0; k < keys.length; k++) postings[next[keys[k]]++] = o;
  }
  return { offsets, postings };
}

/** The same set of interned grams (each array holds distinct values). */
function sameGrams(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  const x = Int32Array.from(a).sort();
  const y = Int32Array.from(b).sort();
  return x.every((g, i) => g === y[i]);
}

/** Ordinals by value, for columns of small non-negative values (dictionary ordinals; NONE is left out). */
function postingsOf(values: Int32Array, size: number, distinct: number): Map<number, Int32Array> {
  const counts = new Int32Array(distinct);
  for (let o = 0; o < size; o++) if (values[o] !== NONE) counts[values[o]]++;
  const lists = new Map<number, Int32Array>();
  const byValue: Int32Array[] = [];
  for (let v = 0; v < distinct; v++) {
    byValue.push(new Int32Array(counts[v]));
    if (counts[v] > 0) lists.set(v, byValue[v]);
  }
  const filled = new Int32Array(distinct);
  for (let o = 0; o < size; o++) {
    const v = values[o];
    if (v !== NONE) byValue[v][filled[v]++] = o;
  }
  return lists;
}

/**
 * The catalogue search over rows held in memory: the same ids in the same order and the same total
 * as the SQL path (textSearchWhere) for the same rows. Pure: no I/O, no clock; the caller says what
 * "today" is. Rows change through `upsert`/`replaceAll`: a row that keeps its place and its
 * posting lists is patched in the columns; otherwise the columns and posting lists are rebuilt whole
 * from memory (ordinals shift when a row is inserted or its code changes). The service holds two
 * of these (SegmentedSearchIndex), so that the big one is rarely rebuilt: `remove` and the
 * `merged` matches of `search` are for that.
 */
export class SearchIndex {
  private readonly rows = new Map<string, StoredRow>();
  private readonly grams = new Dictionary();
  private readonly initialKeys = new Dictionary();
  /**
   * Interned key sets, one per distinct set: a catalogue repeats its names (hundreds of
   * 透射电子显微镜), and an array per row would cost ~200 bytes of heap each at 100,000 rows.
   */
  private readonly initialSets = new Map<string, Int32Array>();
  private readonly institutions = new Dictionary();
  private readonly regions = new Dictionary();
  private readonly categories = new Dictionary();
  private readonly statuses = new Dictionary();
  /** The rows in code order as of the last build, so that a delta sorts only what it changed. */
  private order: StoredRow[] = [];
  private orderedByCodePoints = false;
  private columns: Columns = this.build([]);
  /** How many times the columns were built whole (the first, empty build included). */
  private builds = 0;
  /** Rows of the current build marked removed. */
  private removedCount = 0;

  get size(): number {
    return this.columns.size - this.removedCount;
  }

  /**
   * Whether `row` would be patched in place (see `patch`): it is here already, with the same code,
   * grams, initials, institution, region and category.
   */
  canPatch(row: SearchRow): boolean {
    const old = this.rows.get(row.id);
    if (old === undefined || this.columns.ordinals.get(row.id) === undefined) return false;
    const was = old.row;
    return was.code === row.code && was.institutionId === row.institutionId && was.region === row.region
      && was.categoryCode === row.categoryCode && sameGrams(old.grams, this.gramsOf(row)) && sameGrams(old.initials, this.initialsOf(row));
  }

  /** Takes a row out without a rebuild: its ordinal is skipped until the next build leaves it out. */
  remove(id: string): void {
    const ordinal = this.columns.ordinals.get(id);
    if (!this.rows.delete(id) || ordinal === undefined || this.columns.removed[ordinal] === 1) return;
    this.columns.removed[ordinal] = 1;
    this.removedCount++;
  }

  /** Adds or replaces rows by id: patched in place where they can be (see `patch`), else a rebuild. */
  upsert(rows: readonly SearchRow[]): void {
    if (this.patch(rows)) return;
    const changed: StoredRow[] = [];
    for (const row of rows) {
      const stored = this.store(row);
      this.rows.set(row.id, stored);
      changed.push(stored);
    }
    this.columns = this.build(changed);
  }

  /**
   * Rows that keep their place and their posting lists (same code, grams, institution, region and
   * category) are written over in the columns, without a rebuild: the common changes (prices that
   * became valid, a sharing status, opening bookings online, a retirement) then cost microseconds,
   * where a rebuild blocks the replica for a few hundred milliseconds at 100,000 rows. False, and
   * nothing changed, when any row needs a rebuild.
   */
  private patch(rows: readonly SearchRow[]): boolean {
    const c = this.columns;
    if (!rows.every((row) => this.canPatch(row))) return false;
    const updates = rows.map((row): [number, StoredRow] => [c.ordinals.get(row.id) as number, this.store(row)]);
    for (const [ordinal, stored] of updates) {
      this.rows.set(stored.row.id, stored);
      this.order[ordinal] = stored;
      this.fill(c, ordinal, stored.row);
    }
    return true;
  }

  /** The whole table: rows not given are gone. */
  replaceAll(rows: readonly SearchRow[]): void {
    this.rows.clear();
    this.order = [];
    this.upsert(rows);
  }

  /** Distinct, so that no posting list holds an ordinal twice (the database's are distinct anyway). */
  private gramsOf(row: SearchRow): Int32Array {
    return Int32Array.from(new Set(row.searchGrams ?? []), (g) => this.grams.intern(g));
  }

  private initialsOf(row: SearchRow): Int32Array {
    const keys = row.initialsPrefixes ?? [];
    const id = keys.join(' ');
    let set = this.initialSets.get(id);
    if (set === undefined) {
      set = Int32Array.from(new Set(keys), (k) => this.initialKeys.intern(k));
      this.initialSets.set(id, set);
    }
    return set;
  }

  private store(row: SearchRow): StoredRow {
    const grams = this.gramsOf(row);
    const initials = this.initialsOf(row);
    // Interned strings: 100,000 rows share a few thousand institution ids, regions and categories.
    const institutionId = this.institutions.values[this.institutions.intern(row.institutionId)];
    return { row: { ...row, institutionId, searchGrams: null, initialsPrefixes: null }, grams, initials };
  }

  /** The rows in code order: the kept order without replaced rows, merged with the changed rows sorted. */
  private ordered(changed: StoredRow[]): StoredRow[] {
    if (!this.orderedByCodePoints && changed.some((s) => BEYOND_ASCII_ORDER.test(s.row.code))) {
      this.orderedByCodePoints = true;
      changed = [...this.rows.values()];
      this.order = [];
    }
    const compare = this.orderedByCodePoints ? byCodePoint : nativeCompare;
    // The last of several versions of a row given at once is the one in `rows`.
    const fresh = changed.filter((s) => this.rows.get(s.row.id) === s).sort((a, b) => compare(a.row.code, b.row.code));
    const kept = this.order.filter((s) => this.rows.get(s.row.id) === s);
    const merged: StoredRow[] = new Array<StoredRow>(kept.length + fresh.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < merged.length; k++) {
      merged[k] = j >= fresh.length || (i < kept.length && compare(kept[i].row.code, fresh[j].row.code) < 0) ? kept[i++] : fresh[j++];
    }
    this.order = merged;
    return merged;
  }

  get rebuilds(): number {
    return this.builds;
  }

  private build(changed: StoredRow[]): Columns {
    this.builds++;
    this.removedCount = 0;
    const stored = this.ordered(changed);
    const size = stored.length;
    const c: Columns = {
      size, ids: new Array<string>(size), codes: new Array<string>(size), removed: new Uint8Array(size), ordinals: new Map(), searchText: new Array<string | null>(size),
      institution: new Int32Array(size), region: new Int32Array(size), category: new Int32Array(size), sharing: new Int32Array(size),
      online: new Uint8Array(size), modes: new Uint8Array(size), retired: new Float64Array(size),
      price: { self: new Float64Array(size), assisted: new Float64Array(size), sample: new Float64Array(size), min: new Float64Array(size) },
      grams: { offsets: new Int32Array(1), postings: new Int32Array(0) }, initials: { offsets: new Int32Array(1), postings: new Int32Array(0) },
      institutionPostings: new Map(), regionPostings: new Map(), categoryPostings: new Map(),
    };
    for (let o = 0; o < size; o++) {
      const { row } = stored[o];
      this.fill(c, o, row);
      c.ordinals.set(row.id, o);
    }
    c.grams = postingLists(stored, this.grams.values.length, (s) => s.grams);
    c.initials = postingLists(stored, this.initialKeys.values.length, (s) => s.initials);
    c.institutionPostings = postingsOf(c.institution, size, this.institutions.values.length);
    c.regionPostings = postingsOf(c.region, size, this.regions.values.length);
    c.categoryPostings = postingsOf(c.category, size, this.categories.values.length);
    return c;
  }

  /** The row's values at `o` in every column (not the posting lists). */
  private fill(c: Columns, o: number, row: SearchRow): void {
    const price = (v: number | null) => (v === null ? NaN : v);
    c.ids[o] = row.id;
    c.codes[o] = row.code;
    c.searchText[o] = row.searchText;
    c.institution[o] = this.institutions.intern(row.institutionId);
    c.region[o] = row.region === null ? NONE : this.regions.intern(row.region);
    c.category[o] = this.categories.intern(row.categoryCode);
    c.sharing[o] = this.statuses.intern(row.sharingStatus);
    c.online[o] = row.onlineBooking ? 1 : 0;
    let modes = 0;
    for (const m of row.serviceModes) modes |= MODE_BIT[m as ServiceMode] ?? 0;
    c.modes[o] = modes;
    c.retired[o] = row.retiredDay ?? Infinity;
    c.price.self[o] = price(row.priceSelfFen);
    c.price.assisted[o] = price(row.priceAssistedFen);
    c.price.sample[o] = price(row.priceSampleFen);
    c.price.min[o] = price(row.priceMinFen);
  }

  private gramList(gram: string): Int32Array | null {
    return listOf(this.columns.grams, this.grams.get(gram));
  }

  private initialsList(key: string): Int32Array | null {
    return listOf(this.columns.initials, this.initialKeys.get(key));
  }

  /**
   * A term with several alternatives (TermForms), as textSearchWhere's `anyOf` asks it: the
   * ordinals that may match (the union, over the alternatives, of a list each must be in: the
   * rarest of a text's grams, the initials' key), and what a candidate must then pass, or null
   * when the union is exact. An alternative with a gram or key no row has matches nothing here and
   * is left out; `false` when none is left: nothing matches the term; 'itself' when only the term
   * itself is left, which is then looked for as a term without alternatives is (all its grams' lists
   * intersected: fewer candidates than its rarest gram's list alone; `tescan` has initials to try
   * but, in most catalogues, no name whose initials start so).
   */
  private alternatives(forms: TermForms): { list: Int32Array | null; check: AnyOf | null } | false | 'itself' {
    const candidates: Int32Array[] = [];
    const check: AnyOf = { lists: [], texts: [] };
    let unindexed = false;
    for (const text of forms.texts) {
      const grams = bigrams(text);
      if (grams.length === 0) {
        unindexed = true;
        check.texts.push(text);
        continue;
      }
      let rarest: Int32Array | null = null;
      for (const gram of grams) {
        const list = this.gramList(gram);
        if (!list || list.length === 0) {
          rarest = null;
          break;
        }
        if (rarest === null || list.length < rarest.length) rarest = list;
      }
      if (rarest === null) continue;
      candidates.push(rarest);
      if (isOwnBigram(text)) check.lists.push(rarest);
      else check.texts.push(text);
    }
    const initials = forms.initials === null ? null : this.initialsList(forms.initials);
    if (initials && initials.length > 0) {
      candidates.push(initials);
      check.lists.push(initials);
    }
    if (unindexed) return { list: null, check };
    if (candidates.length === 0) return false;
    if (candidates.length === 1 && check.texts.length === 1 && check.texts[0] === forms.texts[0]) return 'itself';
    // Every candidate list is its alternative's own: their union is the answer.
    return { list: union(candidates), check: check.texts.length === 0 ? null : check };
  }

  /**
   * Ids of the matches at [offset, offset + limit) in code order, and how many match in all;
   * with `merged`, another segment's matches (in code order, see `matches`) count among them, each
   * before the ordinal its code would take here.
   */
  search(q: IndexQuery, offset: number, limit: number, merged: readonly MergedMatch[] = []): IndexAnswer {
    const ids: string[] = [];
    const end = offset + limit;
    let total = 0;
    let m = 0;
    const take = (id: string) => {
      if (total >= offset && total < end) ids.push(id);
      total++;
    };
    this.visit(q, (o) => {
      while (m < merged.length && merged[m].before <= o) take(merged[m++].id);
      take(this.columns.ids[o]);
    });
    while (m < merged.length) take(merged[m++].id);
    return { ids, total };
  }

  /** The ids of every match, in code order. */
  matches(q: IndexQuery): string[] {
    const found: string[] = [];
    this.visit(q, (o) => found.push(this.columns.ids[o]));
    return found;
  }

  /** The first ordinal whose code comes after `code`: where a row of that code would go. */
  positionOf(code: string): number {
    const codes = this.columns.codes;
    let low = 0;
    let high = this.columns.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byCodePoint(codes[middle], code) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Calls `match` with the ordinal of every row that matches `q`, in code order. */
  private visit(q: IndexQuery, match: (ordinal: number) => void): void {
    const c = this.columns;
    // Lists every match is in: the grams of the terms (all required), and the equality filters.
    const lists: Int32Array[] = [];
    const likes: string[] = [];
    const anyOfs: AnyOf[] = [];
    const seen = new Set<string>();
    for (const term of q.terms) {
      const forms = termForms(term);
      if (forms.texts.length > 1 || forms.initials !== null) {
        const found = this.alternatives(forms);
        if (found === false) return;
        if (found !== 'itself') {
          if (found.list) lists.push(found.list);
          if (found.check) anyOfs.push(found.check);
          continue;
        }
      }
      for (const gram of bigrams(term)) {
        if (seen.has(gram)) continue;
        seen.add(gram);
        const list = this.gramList(gram);
        if (!list || list.length === 0) return;
        lists.push(list);
      }
      // As in textSearchWhere: a two-character term is its own bigram; every other one needs LIKE.
      if ([...term].length !== 2) likes.push(term);
    }
    if (q.institutionId === null) return;
    const institution = wanted(this.institutions, q.institutionId);
    const region = wanted(this.regions, q.region);
    const sharing = wanted(this.statuses, q.sharingStatus);
    if (institution === null || region === null || sharing === null) return;
    // Category: a two-character code is a prefix (`like 'XX%'`), else equality.
    let category = NONE;
    let categoryPrefix: Uint8Array | null = null;
    if (q.category !== undefined) {
      if (q.category.length === 2) {
        const prefix = q.category;
        categoryPrefix = Uint8Array.from(this.categories.values, (v) => (v.startsWith(prefix) ? 1 : 0));
      } else {
        category = this.categories.get(q.category);
        if (category === NONE) return;
      }
    }
    const online = q.onlineBooking === undefined ? NONE : q.onlineBooking ? 1 : 0;
    const modeBit = q.mode ? MODE_BIT[q.mode] : 0;
    const price = q.maxPriceFen === undefined ? null : c.price[q.mode ?? 'min'];
    const maxPrice = q.maxPriceFen ?? 0;
    const open = this.statuses.get('open');
    const all = q.viewer === 'all';
    // An actor without an institution, or of one with no instruments, owns nothing here.
    const own = q.viewer === 'all' || q.viewer.institutionId === null ? NONE : this.institutions.get(q.viewer.institutionId.toLowerCase());
    const today = q.today;

    const filterLists: Int32Array[] = [];
    if (institution !== NONE) filterLists.push(c.institutionPostings.get(institution) ?? new Int32Array(0));
    if (region !== NONE) filterLists.push(c.regionPostings.get(region) ?? new Int32Array(0));
    if (category !== NONE) filterLists.push(c.categoryPostings.get(category) ?? new Int32Array(0));
    lists.sort((a, b) => a.length - b.length);
    // The driver is the shortest list of all; the other gram lists are intersected with cursors,
    // the filters are checked on the columns (cheaper than a second list).
    let driver: Int32Array | null = lists[0] ?? null;
    for (const list of filterLists) if (driver === null || list.length < driver.length) driver = list;
    const others = lists.filter((l) => l !== driver);
    const cursors = new Int32Array(others.length);

    const removed = this.removedCount > 0 ? c.removed : null;
    const count = driver === null ? c.size : driver.length;
    candidates: for (let k = 0; k < count; k++) {
      const o = driver === null ? k : driver[k];
      if (removed !== null && removed[o] === 1) continue;
      if (institution !== NONE && c.institution[o] !== institution) continue;
      if (region !== NONE && c.region[o] !== region) continue;
      if (category !== NONE && c.category[o] !== category) continue;
      if (categoryPrefix !== null && categoryPrefix[c.category[o]] !== 1) continue;
      if (sharing !== NONE && c.sharing[o] !== sharing) continue;
      if (online !== NONE && c.online[o] !== online) continue;
      if (modeBit !== 0 && (c.modes[o] & modeBit) === 0) continue;
      if (price !== null && !(price[o] <= maxPrice)) continue;
      if (!all && !(c.sharing[o] === open && c.retired[o] > today) && c.institution[o] !== own) continue;
      for (let j = 0; j < others.length; j++) {
        const list = others[j];
        const at = seek(list, cursors[j], o);
        cursors[j] = at;
        if (at >= list.length || list[at] !== o) continue candidates;
      }
      if (likes.length) {
        const text = c.searchText[o];
        if (text === null) continue;
        for (const term of likes) if (!text.includes(term)) continue candidates;
      }
      for (const any of anyOfs) {
        const text = c.searchText[o];
        if (!any.lists.some((list) => holds(list, o)) && !(text !== null && any.texts.some((t) => text.includes(t)))) continue candidates;
      }
      match(o);
    }
  }
}

import fc from 'fast-check';
import { SERVICE_MODES, SHARING_STATUSES } from '@yixiang/contracts';
import { byCodePoint, initialsPrefixes } from '@yixiang/domain';
import { bigrams, searchTerms, termForms } from './search-query';
import { IndexAnswer, IndexQuery, SearchIndex, SearchRow } from './search-index';
import { SegmentedSearchIndex } from './segmented-search-index';

const INSTITUTIONS = ['0b6c6a3e-0000-4000-8000-000000000001', '0b6c6a3e-0000-4000-8000-000000000002', '0b6c6a3e-0000-4000-8000-000000000003'];
const REGIONS = ['CQ', 'SC', 'BJ'];
const CATEGORIES = ['01', '0101', '0102', '0201', '0202', '03'];
const TODAY = 9800;
// Few letters, so that random terms often match; a space, as search texts have them.
const TEXT_CHARS = ['电', '镜', '扫', '描', 'a', 'b', 'x', '%', ' '];
// Pieces of texts that synonyms find each other by (电镜 ⇄ 电子显微镜, SEM ⇄ 扫描电镜 ⇄ scanning electron microscope).
const TEXT_PIECES = ['电子显微镜', '扫描电镜', 'sem', 'electron microscope', 'scanning electron microscope', '核磁', 'nmr', '透射电镜'];
// Terms that have synonyms, and Latin ones that may be pinyin initials.
const SYNONYM_TERMS = ['电镜', 'SEM', '扫描电镜', 'electron microscope', 'Scanning Electron Microscope', 'NMR', '核磁', 'tem', 'ab', 'abx', 'xa', 'ba'];
const INITIALS_LETTERS = ['a', 'b', 'x', 's'];
const CODE_CHARS = ['A', 'B', 'a', 'b', '0', '1', '-', '.', '_', '\ue000', '😀'];

/** What catalogue.bigrams makes of a text: distinct pairs of characters, none with whitespace. */
function dbBigrams(text: string): string[] {
  const chars = [...text];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i] + chars[i + 1];
    if (!/\s/.test(g)) grams.add(g);
  }
  return [...grams];
}

const textArb = fc.array(fc.oneof({ arbitrary: fc.constantFrom(...TEXT_CHARS), weight: 6 }, { arbitrary: fc.constantFrom(...TEXT_PIECES), weight: 1 }), { maxLength: 12 }).map((cs) => cs.join(''));
/** Stored initials (one or two readings), keyed as catalogue.initials_prefixes keys them. */
const initialsArb = fc.option(fc.array(fc.array(fc.constantFrom(...INITIALS_LETTERS), { minLength: 1, maxLength: 5 }).map((cs) => cs.join('')), { minLength: 1, maxLength: 2 })
  .map((readings) => initialsPrefixes(readings.join(' '))), { nil: null });
const priceArb = fc.option(fc.integer({ min: 0, max: 10000 }), { nil: null });

const rowArb = (id: string): fc.Arbitrary<SearchRow> => fc.record({
  code: fc.array(fc.constantFrom(...CODE_CHARS), { minLength: 1, maxLength: 4 }).map((cs) => cs.join('')),
  institutionId: fc.constantFrom(...INSTITUTIONS),
  region: fc.option(fc.constantFrom(...REGIONS), { nil: null }),
  categoryCode: fc.constantFrom(...CATEGORIES.filter((c) => c.length === 4)),
  sharingStatus: fc.constantFrom(...SHARING_STATUSES),
  retiredDay: fc.option(fc.constantFrom(TODAY - 1, TODAY, TODAY + 1, Infinity, -Infinity), { nil: null }),
  onlineBooking: fc.boolean(),
  serviceModes: fc.subarray([...SERVICE_MODES]),
  text: fc.option(textArb, { nil: null, freq: 10 }),
  initialsPrefixes: initialsArb,
  priceSelfFen: priceArb, priceAssistedFen: priceArb, priceSampleFen: priceArb, priceMinFen: priceArb,
}).map(({ text, ...r }) => ({ ...r, id, searchText: text, searchGrams: text === null ? null : dbBigrams(text) }));

/** Rows with unique ids and codes, as the table has them. */
const rowsArb = fc.integer({ min: 0, max: 60 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => rowArb(`id-${i}`))))
  .map((rows) => {
    const codes = new Set<string>();
    return rows.filter((r) => !codes.has(r.code) && codes.add(r.code));
  });

const queryArb = fc.record({
  q: fc.option(fc.array(fc.oneof(
    fc.array(fc.constantFrom(...TEXT_CHARS, 'A', 'B', '描'), { minLength: 1, maxLength: 4 }).map((cs) => cs.join('')),
    fc.constantFrom(...SYNONYM_TERMS),
  ), { maxLength: 3 }).map((ts) => ts.join(' ')), { nil: undefined }),
  category: fc.option(fc.constantFrom(...CATEGORIES, '09', '0909'), { nil: undefined }),
  institutionId: fc.option(fc.constantFrom<string | null>(...INSTITUTIONS, '0b6c6a3e-0000-4000-8000-0000000000ff', null), { nil: undefined }),
  region: fc.option(fc.constantFrom(...REGIONS, 'GD'), { nil: undefined }),
  sharingStatus: fc.option(fc.constantFrom(...SHARING_STATUSES), { nil: undefined }),
  onlineBooking: fc.option(fc.boolean(), { nil: undefined }),
  mode: fc.option(fc.constantFrom(...SERVICE_MODES), { nil: undefined }),
  maxPriceFen: fc.option(fc.integer({ min: 0, max: 10000 }), { nil: undefined }),
  viewer: fc.oneof(fc.constant<'all'>('all'), fc.record({ institutionId: fc.constantFrom<string | null>(...INSTITUTIONS, null) })),
}).map(({ q, ...rest }): IndexQuery => ({ ...rest, terms: searchTerms(q), today: TODAY }));

const windowArb = fc.record({ offset: fc.integer({ min: 0, max: 70 }), limit: fc.integer({ min: 1, max: 20 }) });

/** textSearchWhere's conditions, one by one, over plain rows. */
function reference(rows: SearchRow[], q: IndexQuery, offset: number, limit: number): IndexAnswer {
  const matches = rows.filter((r) => {
    if (q.viewer !== 'all') {
      const open = r.sharingStatus === 'open' && (r.retiredDay === null || r.retiredDay > q.today);
      if (!open && r.institutionId !== q.viewer.institutionId) return false;
    }
    for (const term of q.terms) {
      const { texts, initials } = termForms(term);
      if (texts.length > 1 || initials !== null) {
        // Any alternative in the text (the rows' grams are their text's), or the term among the initials' keys.
        if (!texts.some((t) => r.searchText !== null && r.searchText.includes(t)) && !(initials !== null && r.initialsPrefixes?.includes(initials))) return false;
        continue;
      }
      const grams = bigrams(term);
      if (grams.length > 0 && !(r.searchGrams !== null && grams.every((g) => r.searchGrams?.includes(g)))) return false;
      if ([...term].length !== 2 && !(r.searchText !== null && r.searchText.includes(term))) return false;
    }
    if (q.category !== undefined && !(q.category.length === 2 ? r.categoryCode.startsWith(q.category) : r.categoryCode === q.category)) return false;
    if (q.institutionId !== undefined && r.institutionId !== q.institutionId) return false;
    if (q.region !== undefined && r.region !== q.region) return false;
    if (q.sharingStatus !== undefined && r.sharingStatus !== q.sharingStatus) return false;
    if (q.onlineBooking !== undefined && r.onlineBooking !== q.onlineBooking) return false;
    if (q.mode !== undefined && !r.serviceModes.includes(q.mode)) return false;
    if (q.maxPriceFen !== undefined) {
      const price = { self: r.priceSelfFen, assisted: r.priceAssistedFen, sample: r.priceSampleFen }[q.mode ?? 'self'];
      const compared = q.mode ? price : r.priceMinFen;
      if (compared === null || !(compared <= q.maxPriceFen)) return false;
    }
    return true;
  }).sort((a, b) => byCodePoint(a.code, b.code));
  return { ids: matches.slice(offset, offset + limit).map((r) => r.id), total: matches.length };
}

describe('in-memory catalogue search index', () => {
  it('answers every query as the SQL conditions do: same ids, order and total, also past the last page', () => {
    fc.assert(fc.property(rowsArb, fc.array(fc.tuple(queryArb, windowArb), { minLength: 1, maxLength: 10 }), (rows, queries) => {
      const index = new SearchIndex();
      index.replaceAll(rows);
      for (const [q, { offset, limit }] of queries) expect(index.search(q, offset, limit)).toEqual(reference(rows, q, offset, limit));
    }), { numRuns: 300 });
  });

  it('follows upserts (new rows, changed rows, changed codes) and forgets rows a full reload leaves out', () => {
    fc.assert(fc.property(rowsArb, rowsArb, fc.array(fc.tuple(queryArb, windowArb), { minLength: 1, maxLength: 5 }), (first, second, queries) => {
      const index = new SearchIndex();
      index.replaceAll(first);
      // The second batch reuses ids id-0… : some rows change, others are new.
      const secondCodes = new Set(second.map((r) => r.code));
      const secondIds = new Set(second.map((r) => r.id));
      const merged = [...first.filter((r) => !secondIds.has(r.id) && !secondCodes.has(r.code)), ...second];
      index.upsert(merged.filter((r) => secondIds.has(r.id)));
      const kept = first.filter((r) => !secondIds.has(r.id) && secondCodes.has(r.code));
      // Rows whose code a new row took are gone from the table; a full reload removes them.
      if (kept.length > 0) index.replaceAll(merged);
      for (const [q, { offset, limit }] of queries) expect(index.search(q, offset, limit)).toEqual(reference(merged, q, offset, limit));
    }), { numRuns: 200 });
  });

  it('patches rows whose place and posting lists stay (status, booking, modes, retirement, prices) without a rebuild', () => {
    const patchArb = fc.record({
      sharingStatus: fc.constantFrom(...SHARING_STATUSES),
      retiredDay: fc.option(fc.constantFrom(TODAY - 1, TODAY, TODAY + 1), { nil: null }),
      onlineBooking: fc.boolean(),
      serviceModes: fc.subarray([...SERVICE_MODES]),
      priceSelfFen: priceArb, priceAssistedFen: priceArb, priceSampleFen: priceArb, priceMinFen: priceArb,
    });
    fc.assert(fc.property(rowsArb, fc.array(patchArb, { maxLength: 20 }), fc.array(fc.tuple(queryArb, windowArb), { minLength: 1, maxLength: 5 }), (rows, patches, queries) => {
      const index = new SearchIndex();
      index.replaceAll(rows);
      const before = index.rebuilds;
      const changed = patches.slice(0, rows.length).map((p, i) => ({ ...rows[i], ...p }));
      index.upsert(changed);
      expect(index.rebuilds).toBe(before);
      const now = rows.map((r, i) => changed[i] ?? r);
      for (const [q, { offset, limit }] of queries) expect(index.search(q, offset, limit)).toEqual(reference(now, q, offset, limit));
      // A changed text (other grams) cannot be patched: the index rebuilds, and still answers right.
      if (rows.length > 0) {
        const renamed = { ...now[0], searchText: 'zz 扫描', searchGrams: dbBigrams('zz 扫描') };
        index.upsert([renamed]);
        expect(index.rebuilds).toBe(before + 1);
        const after = [renamed, ...now.slice(1)];
        for (const [q, { offset, limit }] of queries) expect(index.search(q, offset, limit)).toEqual(reference(after, q, offset, limit));
      }
    }), { numRuns: 200 });
  });

  it('treats a one-character term as LIKE only, a two-character one as its bigram only', () => {
    const row = (id: string, code: string, text: string, grams: string[]): SearchRow => ({
      id, code, institutionId: INSTITUTIONS[0], region: 'CQ', categoryCode: '0101', sharingStatus: 'open', retiredDay: null, onlineBooking: true,
      serviceModes: ['self'], searchText: text, searchGrams: grams, initialsPrefixes: null, priceSelfFen: 100, priceAssistedFen: null, priceSampleFen: null, priceMinFen: 100,
    });
    const index = new SearchIndex();
    // Deliberately inconsistent rows: what decides is which column a term consults.
    index.replaceAll([row('a', 'A', '电镜', []), row('b', 'B', '', ['电镜'])]);
    const ask = (q: string) => index.search({ terms: searchTerms(q), viewer: 'all', today: TODAY }, 0, 10);
    expect(ask('镜')).toEqual({ ids: ['a'], total: 1 });
    expect(ask('电镜')).toEqual({ ids: ['b'], total: 1 });
    expect(ask('电镜 镜')).toEqual({ ids: [], total: 0 });
  });

  it('finds by synonyms and by pinyin initials: 电镜 → 透射电子显微镜, SEM → 扫描电镜, tsd → 透射电子显微镜', () => {
    const row = (id: string, text: string, initials: string | null): SearchRow => ({
      id, code: id.toUpperCase(), institutionId: INSTITUTIONS[0], region: 'CQ', categoryCode: '0101', sharingStatus: 'open', retiredDay: null, onlineBooking: true,
      serviceModes: ['self'], searchText: text, searchGrams: dbBigrams(text), initialsPrefixes: initialsPrefixes(initials),
      priceSelfFen: 100, priceAssistedFen: null, priceSampleFen: null, priceMinFen: 100,
    });
    const rows = [
      row('a', '透射电子显微镜 jem-2100 jeol', 'tsdzxwj'), row('b', '场发射扫描电镜 ultra zeiss', 'cfssmdj'),
      row('c', '600mhz核磁共振波谱仪 avance bruker', 'mhzhcgzbpy hcgzbpy'), row('d', 'scanning electron microscope hitachi', null),
      row('e', 'x射线衍射仪 d8 bruker system', 'xsxysy sxysy'),
    ];
    const index = new SearchIndex();
    index.replaceAll(rows);
    const ask = (q: string) => index.search({ terms: searchTerms(q), viewer: 'all', today: TODAY }, 0, 10).ids;
    expect(ask('电镜')).toEqual(['a', 'b', 'd']);
    expect(ask('SEM')).toEqual(['b', 'd']);
    expect(ask('TEM')).toEqual(['a', 'e']); // "system" contains tem: the typed term is always looked for as typed
    expect(ask('透射电镜')).toEqual(['a']);
    expect(ask('electron microscope')).toEqual(['a', 'b', 'd']);
    expect(ask('NMR')).toEqual(['c']);
    expect(ask('XRD bruker')).toEqual(['e']);
    expect(ask('tsd')).toEqual(['a']);
    expect(ask('hcgz')).toEqual(['c']);
    expect(ask('sxy')).toEqual(['e']);
    expect(ask('bruker')).toEqual(['c', 'e']);
    for (const q of ['电镜', 'SEM', 'TEM', 'electron microscope', 'NMR', 'XRD bruker', 'tsd', 'hcgz', 'bruker', 'zz']) {
      const query: IndexQuery = { terms: searchTerms(q), viewer: 'all', today: TODAY };
      expect(index.search(query, 0, 10)).toEqual(reference(rows, query, 0, 10));
    }
  });

  it('answers a filter-only query over 100,000 rows, pages deep into the matches included', () => {
    const rows: SearchRow[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: `id-${i}`, code: `EQ-${String(i).padStart(6, '0')}`, institutionId: INSTITUTIONS[i % 3], region: REGIONS[i % 3],
      categoryCode: CATEGORIES.filter((c) => c.length === 4)[i % 4], sharingStatus: i % 10 === 0 ? 'internal' : 'open', retiredDay: null,
      onlineBooking: i % 2 === 0, serviceModes: i % 3 ? ['self', 'assisted'] : ['sample'], searchText: `扫描电镜 ${i}`, searchGrams: ['扫描', '描电', '电镜'], initialsPrefixes: null,
      priceSelfFen: i % 5000, priceAssistedFen: null, priceSampleFen: i % 700, priceMinFen: i % 700,
    }));
    const index = new SearchIndex();
    index.replaceAll(rows);
    const q: IndexQuery = { terms: [], category: '01', mode: 'self', maxPriceFen: 2500, viewer: { institutionId: null }, today: TODAY };
    // Its speed is bench/catalogue-search's business; here, that the columns and lists agree at scale.
    for (const [offset, limit] of [[0, 50], [20_000, 50], [99_990, 50]]) expect(index.search(q, offset, limit)).toEqual(reference(rows, q, offset, limit));
  });

  describe('in two segments', () => {
    /** A change to the table: a new or replaced row (often a new code or text), or a patch of an existing one's columns. */
    const changeArb = fc.oneof(
      fc.integer({ min: 0, max: 90 }).chain((i) => rowArb(`id-${i}`)).map((row) => ({ row })),
      fc.record({ at: fc.nat(), onlineBooking: fc.boolean(), sharingStatus: fc.constantFrom(...SHARING_STATUSES), priceMinFen: priceArb }).map((patch) => ({ patch })),
    );
    /** The table after a batch: rows replaced by id; a row whose code another row already has is left out, as the unique code would refuse it. */
    const apply = (table: SearchRow[], batch: ({ row: SearchRow } | { patch: { at: number } & Partial<SearchRow> })[]): SearchRow[] => {
      const byId = new Map(table.map((r) => [r.id, r]));
      for (const change of batch) {
        const next = 'row' in change ? change.row : table.length ? { ...table[change.patch.at % table.length], ...change.patch, at: undefined } : null;
        if (!next) continue;
        delete (next as { at?: number }).at;
        const taken = [...byId.values()].some((r) => r.code === next.code && r.id !== next.id);
        if (!taken) byId.set(next.id, next);
      }
      return [...byId.values()];
    };

    it('answers as one index over all rows, through any sequence of upserts, also across moves into the main segment', () => {
      fc.assert(fc.property(rowsArb, fc.array(fc.array(changeArb, { maxLength: 8 }), { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(queryArb, windowArb), { minLength: 1, maxLength: 4 }), (first, batches, queries) => {
        const index = new SegmentedSearchIndex(5);
        index.replaceAll(first);
        let table = first;
        for (const batch of batches) {
          const next = apply(table, batch);
          const before = new Map(table.map((r) => [r.id, r]));
          index.upsert(next.filter((r) => before.get(r.id) !== r));
          table = next;
          expect(index.size).toBe(table.length);
          // Every row, whatever segment holds it (the random queries filter much), then those queries.
          const all: IndexQuery = { terms: [], viewer: 'all', today: TODAY };
          expect(index.search(all, 0, 1000)).toEqual(reference(table, all, 0, 1000));
          for (const [q, { offset, limit }] of queries) expect(index.search(q, offset, limit)).toEqual(reference(table, q, offset, limit));
        }
      }), { numRuns: 300 });
    });

    it('adds and renames instruments without rebuilding the main segment, until the recent one is full', () => {
      const base = Array.from({ length: 50 }, (_, i): SearchRow => ({
        id: `id-${i}`, code: `EQ-${String(i).padStart(3, '0')}`, institutionId: INSTITUTIONS[i % 3], region: REGIONS[i % 3], categoryCode: '0101',
        sharingStatus: 'open', retiredDay: null, onlineBooking: true, serviceModes: ['self'], searchText: `扫描电镜 ${i}`, searchGrams: dbBigrams(`扫描电镜 ${i}`), initialsPrefixes: initialsPrefixes('smdj'),
        priceSelfFen: 100, priceAssistedFen: null, priceSampleFen: null, priceMinFen: 100,
      }));
      const index = new SegmentedSearchIndex(3);
      index.replaceAll(base);
      const built = index.rebuilds;
      const added = { ...base[0], id: 'new-1', code: 'EQ-0005', searchText: '透射电镜', searchGrams: dbBigrams('透射电镜') };
      const renamed = { ...base[7], code: 'EQ-999', searchText: '核磁共振', searchGrams: dbBigrams('核磁共振') };
      index.upsert([added, renamed]);
      expect(index.rebuilds).toBe(built);
      expect(index.recentSize).toBe(2);
      const table = [...base.filter((r) => r.id !== renamed.id), added, renamed];
      const all: IndexQuery = { terms: [], viewer: 'all', today: TODAY };
      expect(index.search(all, 0, 100)).toEqual(reference(table, all, 0, 100));
      expect(index.search({ ...all, terms: ['电镜'] }, 4, 3)).toEqual(reference(table, { ...all, terms: ['电镜'] }, 4, 3));
      // Two more rows pass the limit of 3: everything moves into main in one rebuild.
      const more = [{ ...base[1], id: 'new-2', code: 'EQ-A' }, { ...base[2], id: 'new-3', code: 'EQ-B' }];
      index.upsert(more);
      expect(index.rebuilds).toBe(built + 1);
      expect(index.recentSize).toBe(0);
      expect(index.search(all, 0, 100)).toEqual(reference([...table, ...more], all, 0, 100));
    });
  });
});

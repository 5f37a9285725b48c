import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { CellError } from '@yixiang/common';
import type { Actor, InstrumentSearchQuery, InstrumentSummary, Page, ServiceMode, SharingStatus } from '@yixiang/contracts';
import { generateCatalogueBundle } from '../bench/generator/catalogue';
import { Random } from '../bench/generator/random';
import { databaseUrl, dropDatabase, ensureDatabase } from '../deploy/local/stack/postgres';
import { readCatalogueBundle } from '../apps/catalogue/src/imports/catalogue-bundle';
import { CatalogueBundleRepository } from '../apps/catalogue/src/imports/catalogue-bundle.repository';
import { InstrumentsService } from '../apps/catalogue/src/instruments/instruments.service';
import { InstrumentsRepository } from '../apps/catalogue/src/instruments/instruments.repository';
import { SearchCache, SearchIndexService } from '../apps/catalogue/src/search';
import { migrateCatalogue } from '../apps/catalogue/src/migrate';
import { catalogueOrmOptions } from '../apps/catalogue/src/orm.config';
import { fillNameInitials } from '../apps/catalogue/src/migrations/Migration20261203100000_name_initials';
import { api, bureauToken, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';

/**
 * The in-memory search index against the SQL path on a database of this file's own: the same
 * rows, the same answers; and after writes — including one whose transaction began before, and
 * committed after, another's — the index sees every committed row once the generation moves.
 */
/** What people type (issue 21): abbreviations, short and English names, pinyin initials. */
const AS_PEOPLE_TYPE = ['电镜', 'SEM', 'TEM', 'NMR', 'XRD', 'electron microscope', 'ICP-MS', '核磁', '质谱', 'tsd', 'hcgz', 'sxy', 'xsxysy', 'lsxb'];

describe('catalogue search index', () => {
  const name = `yixiang_search_index_${randomBytes(4).toString('hex')}`;
  const server = databaseUrl(testEnv().databaseUrl, 'postgres');
  const url = databaseUrl(server, name);
  let orm: MikroORM;
  let bySql: InstrumentsService;
  let byIndex: InstrumentsService;
  let index: SearchIndexService;
  let cache: SearchCache;
  let institutions: { id: string; code: string }[];

  const bureau: Actor = { userId: 'b', role: 'bureau', institutionId: null, region: null };
  const researcherOf = (institutionId: string | null): Actor => ({ userId: 'r', role: 'researcher', institutionId, region: null });
  const sql = async (text: string, params: unknown[] = []) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const bump = () => cache.bump();
  const answer = async (service: InstrumentsService, actor: Actor, query: InstrumentSearchQuery) =>
    (await service.search(actor, query)).value<Page<InstrumentSummary>>();
  /** The index's own answer (null if it could not give one), and the SQL path's page. */
  const both = async (actor: Actor, query: InstrumentSearchQuery) => {
    const pageSize = query.pageSize ?? 50;
    const direct = await index.search(actor, query, await cache.generation(), ((query.page ?? 1) - 1) * pageSize, pageSize);
    return { direct, viaIndex: await answer(byIndex, actor, query), viaSql: await answer(bySql, actor, query) };
  };

  beforeAll(async () => {
    await ensureDatabase(server, name);
    await migrateCatalogue(url);
    // No entities: everything under test speaks SQL, and discovering the decorated classes inside
    // Jest's module registry fails (MikroORM copies their metadata across realms).
    orm = await MikroORM.init({ ...catalogueOrmOptions(url), entities: [], discovery: { warnWhenNoEntities: false }, pool: { min: 0, max: 4 } });
    const em = orm.em.fork();
    const bundles = new CatalogueBundleRepository(em);
    const categories = await bundles.leafCategories();
    const errors: CellError[] = [];
    const generated = generateCatalogueBundle({ instruments: 400, institutions: 12, seed: 7 });
    const bundle = readCatalogueBundle(new Map(Object.entries(generated.files)), categories, errors);
    expect(errors).toEqual([]);
    await em.transactional((tx) => bundles.write(tx, bundle, async () => undefined));
    // Variety the generator lacks: retirements around today, unshared rows, longer texts with
    // LIKE's wildcards and mixed case, rows without region.
    await sql(`update catalogue.instrument set retired_on = current_date + (right(code, 1)::int % 3 - 1) where right(code, 1) in ('3', '4', '5')`);
    await sql(`update catalogue.instrument set sharing_status = 'internal' where right(code, 2) in ('17', '42')`);
    await sql(`update catalogue.instrument set main_functions = 'SEM 形貌 50%_off 扫描 Mixed Case' where right(code, 1) = '9'`);
    await sql(`update catalogue.institution set region = null where code = 'INS-00003'`);
    institutions = (await sql(`select id, code from catalogue.institution order by code`)) as { id: string; code: string }[];
    cache = new SearchCache(orm.em);
    await cache.bump();
    // Two services over the same database, each with its own result cache: one whose index never
    // loads (so the SQL path answers), one with a loaded index.
    const sqlCache = new SearchCache(orm.em);
    bySql = new InstrumentsService(orm.em, sqlCache, new SearchIndexService(orm.em, sqlCache), new InstrumentsRepository(orm.em));
    index = new SearchIndexService(orm.em, cache);
    byIndex = new InstrumentsService(orm.em, new SearchCache(orm.em), index, new InstrumentsRepository(orm.em));
    await index.refresh();
  }, 120000);

  afterAll(async () => {
    await orm?.close(true);
    await dropDatabase(server, name);
  });

  it('gives the ids, order and total the SQL path gives, for many queries, actors and pages', async () => {
    const texts = (await sql(`select search_text from catalogue.instrument_search`)).map((r) => String(r.search_text));
    const rnd = new Random(11);
    const term = () => {
      const chars = [...rnd.pick(texts)];
      const length = rnd.pick([1, 2, 2, 3, 4]);
      const at = rnd.int(0, Math.max(0, chars.length - length));
      return chars.slice(at, at + length).join('').trim() || 'x';
    };
    let answered = 0;
    let nonEmpty = 0;
    for (let n = 0; n < 300; n++) {
      const query: InstrumentSearchQuery = {};
      if (rnd.chance(0.7)) query.q = rnd.chance(0.3) ? `${term()} ${term().toUpperCase()}` : rnd.chance(0.25) ? rnd.pick(AS_PEOPLE_TYPE) : term();
      if (rnd.chance(0.3)) query.category = rnd.pick(['01', '0101', '0102', '02', '0301', '0401', '99']);
      if (rnd.chance(0.2)) query.institution = rnd.chance(0.5) ? rnd.pick(institutions).code : rnd.pick([...institutions.map((i) => i.id.toUpperCase()), 'NO-SUCH']);
      if (rnd.chance(0.3)) query.region = rnd.pick(['CQ', 'SC', 'GZ', 'XZ']);
      if (rnd.chance(0.15)) query.sharingStatus = rnd.pick<SharingStatus>(['open', 'internal', 'suspended']);
      if (rnd.chance(0.2)) query.onlineBooking = rnd.chance(0.5);
      if (rnd.chance(0.3)) query.mode = rnd.pick<ServiceMode>(['self', 'assisted', 'sample']);
      if (rnd.chance(0.3)) query.maxPriceFen = rnd.int(0, 200) * 1000;
      if (rnd.chance(0.3)) query.page = rnd.int(1, 4);
      if (rnd.chance(0.5)) query.pageSize = rnd.pick([1, 5, 20]);
      const actor = rnd.pick([bureau, researcherOf(rnd.pick(institutions).id), researcherOf(null)]);
      const { direct, viaIndex, viaSql } = await both(actor, query);
      expect({ query, actor, answer: viaIndex }).toEqual({ query, actor, answer: viaSql });
      expect(direct).toEqual({ ids: viaSql.items.map((i) => i.id), total: viaSql.total });
      if (direct) answered++;
      if (viaSql.total > 0) nonEmpty++;
    }
    expect(answered).toBe(300);
    expect(nonEmpty).toBeGreaterThan(100);
  }, 120000);

  it('finds by synonyms and pinyin initials, both paths alike (issue 21)', async () => {
    // The import wrote the names' initials, and the search rows carry their keys.
    const [tem] = await sql(`select i.name_initials, s.initials_prefixes from catalogue.instrument i join catalogue.instrument_search s on s.id = i.id
      where i.name = '透射电子显微镜' limit 1`);
    expect(tem).toEqual({ name_initials: 'tsdzxwj', initials_prefixes: expect.arrayContaining(['ts', 'tsd', 'tsdzxwj']) });
    const names = async (q: string) => {
      const { direct, viaIndex, viaSql } = await both(bureau, { q, pageSize: 200 });
      expect({ q, answer: viaIndex }).toEqual({ q, answer: viaSql });
      expect({ q, direct }).toEqual({ q, direct: { ids: viaSql.items.map((i) => i.id), total: viaSql.total } });
      return new Set(viaSql.items.map((i) => i.name));
    };
    for (const q of AS_PEOPLE_TYPE) expect({ q, found: (await names(q)).size > 0 }).toEqual({ q, found: true });
    expect([...(await names('电镜'))]).toEqual(expect.arrayContaining(['透射电子显微镜', '场发射扫描电子显微镜', '冷冻透射电子显微镜']));
    expect([...(await names('TEM'))]).toEqual(expect.arrayContaining(['透射电子显微镜', '冷冻透射电子显微镜']));
    expect([...(await names('SEM'))]).toEqual(expect.arrayContaining(['场发射扫描电子显微镜', '聚焦离子束扫描电镜']));
    expect([...(await names('NMR'))]).toEqual(expect.arrayContaining(['核磁共振波谱仪', '600MHz核磁共振波谱仪']));
    expect([...(await names('XRD'))]).toEqual(expect.arrayContaining(['X射线衍射仪', '单晶X射线衍射仪']));
    expect([...(await names('ICP-MS'))]).toEqual(['电感耦合等离子体质谱仪']);
    expect([...(await names('tsdzxwj'))]).toEqual(['透射电子显微镜']);
    // Initials start the name's reading with or without its Latin letters (600MHz…: mhzhcgzbpy, hcgzbpy).
    expect([...(await names('hcgz'))].sort()).toEqual(['600MHz核磁共振波谱仪', '核磁共振成像系统', '核磁共振波谱仪']);
  }, 120000);

  it('fills the initials of instruments written without them (the migration’s backfill), and the index follows', async () => {
    const rows = await sql(`select id from catalogue.instrument where name = '透射电子显微镜' order by code`);
    expect(rows.length).toBeGreaterThan(0);
    await sql(`update catalogue.instrument set name_initials = null where name = '透射电子显微镜'`);
    await bump();
    expect((await both(bureau, { q: 'tsdzxwj' })).direct?.total).toBe(0);
    const execute = (text: string, params: unknown[]) => orm.em.fork().getConnection().execute(text, params);
    expect(await fillNameInitials(execute)).toBe(rows.length);
    expect(await fillNameInitials(execute)).toBe(0);
    await bump();
    const { direct, viaSql } = await both(bureau, { q: 'tsdzxwj', pageSize: 200 });
    expect(viaSql.items.map((i) => i.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(direct).toEqual({ ids: viaSql.items.map((i) => i.id), total: viaSql.total });
  }, 120000);

  it('sees an update, a region change, new prices and rows of transactions that committed out of order', async () => {
    const [target] = await sql(`select id, code from catalogue.instrument where sharing_status = 'open' and retired_on is null order by code limit 1`);
    await sql(`update catalogue.instrument set name = '量子纠缠测试仪' where id = $1`, [target.id]);
    await bump();
    expect((await both(bureau, { q: '纠缠测试' })).direct).toEqual({ ids: [target.id], total: 1 });

    // Through the institution trigger, and through a rate card's price refresh.
    await sql(`update catalogue.institution set region = 'XZ' where code = 'INS-00005'`);
    await sql(`update catalogue.instrument set service_modes = '{self,sample}' where id = $1`, [target.id]);
    await sql(`insert into catalogue.rate_card (id, code, instrument_id, service_mode, unit, internal_price_fen, external_price_fen, increment_minutes, valid_from)
      values (gen_random_uuid(), 'RC-IDX-1', $1, 'sample', 'sample', 1, 3, null, now() - interval '1 day')`, [target.id]);
    await bump();
    for (const query of [{ region: 'XZ' }, { maxPriceFen: 3, mode: 'sample' as const }, { maxPriceFen: 3 }]) {
      const { direct, viaSql } = await both(bureau, query);
      expect({ query, found: viaSql.total > 0 }).toEqual({ query, found: true });
      expect(direct).toEqual({ ids: viaSql.items.map((i) => i.id), total: viaSql.total });
    }

    // The earlier transaction takes its xid first and commits last: a refresh in between must not
    // move the index past it.
    const earlier = new Client({ connectionString: url });
    const later = new Client({ connectionString: url });
    await Promise.all([earlier.connect(), later.connect()]);
    try {
      const insert = (client: Client, code: string, name: string) => client.query(
        `insert into catalogue.instrument (id, code, institution_id, name, category_code, original_value_fen, sharing_status, booking_rules)
         values (gen_random_uuid(), $1, (select id from catalogue.institution where code = 'INS-00001'), $2, '0101', 100, 'open', '{}')`, [code, name]);
      await earlier.query('begin');
      await insert(earlier, 'EQ-IDX-EARLIER', '并发甲号仪器');
      await later.query('begin');
      await insert(later, 'EQ-IDX-LATER', '并发乙号仪器');
      await later.query('commit');
      await bump();
      const between = await both(bureau, { q: '并发' });
      expect(between.direct).toEqual({ ids: between.viaSql.items.map((i) => i.id), total: 1 });
      expect(between.viaSql.items.map((i) => i.code)).toEqual(['EQ-IDX-LATER']);
      await earlier.query('commit');
      await bump();
      const after = await both(bureau, { q: '并发' });
      expect(after.viaSql.items.map((i) => i.code)).toEqual(['EQ-IDX-EARLIER', 'EQ-IDX-LATER']);
      expect(after.direct).toEqual({ ids: after.viaSql.items.map((i) => i.id), total: 2 });
      expect(after.viaIndex).toEqual(after.viaSql);
    } finally {
      await Promise.all([earlier.end(), later.end()]);
    }

    // A full reload agrees with what the deltas built.
    const before = await both(researcherOf(institutions[0].id), { q: '仪', pageSize: 200 });
    await index.reload();
    expect((await both(researcherOf(institutions[0].id), { q: '仪', pageSize: 200 })).direct).toEqual(before.direct);
  }, 120000);
});

/**
 * The demo catalogue's instruments, found as people type (issue 21) through `GET /instruments?q=`:
 * created through the API, so the entity writes their initials, and renamed, so it rewrites them.
 */
describe('search as people type, through the gateway', () => {
  let admin: { token: string };
  let institution: { code: string };
  const demo: Record<string, string> = {};
  const DEMO_NAMES = ['透射电子显微镜', '冷冻透射电子显微镜', '场发射扫描电子显微镜', '600MHz核磁共振波谱仪', 'X射线衍射仪', '电感耦合等离子体质谱仪', '激光粒度分析仪'];
  const found = async (q: string) => {
    const res = await api('GET', `/instruments?q=${encodeURIComponent(q)}&institution=${institution.code}&pageSize=50`, { token: admin.token });
    expect({ q, status: res.status }).toEqual({ q, status: 200 });
    return (res.body.items as { name: string }[]).map((i) => i.name).sort();
  };

  beforeAll(async () => {
    const bureau = await bureauToken();
    institution = await createInstitution(bureau, { name: '重庆渝北理工大学', region: 'CQ' });
    admin = await createUser(bureau, 'institution_admin', institution.code);
    for (const name of DEMO_NAMES) {
      // Neutral model, maker and functions: what is found is found by the name.
      const res = await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name, model: 'M1', manufacturer: '国仪量子', mainFunctions: '测试服务' }) });
      expect(res.status).toBe(201);
      demo[name] = res.body.id as string;
    }
  });

  it('finds 透射电子显微镜 by 电镜, and the demo instruments by SEM, TEM, NMR, XRD, ICP-MS, English names and pinyin initials', async () => {
    expect(await found('电镜')).toEqual(['冷冻透射电子显微镜', '场发射扫描电子显微镜', '透射电子显微镜']);
    expect(await found('TEM')).toEqual(['冷冻透射电子显微镜', '透射电子显微镜']);
    expect(await found('透射电镜')).toEqual(['冷冻透射电子显微镜', '透射电子显微镜']);
    expect(await found('SEM')).toEqual(['场发射扫描电子显微镜']);
    expect(await found('scanning electron microscope')).toEqual(['场发射扫描电子显微镜']);
    expect(await found('Electron Microscope')).toEqual(['冷冻透射电子显微镜', '场发射扫描电子显微镜', '透射电子显微镜']);
    expect(await found('NMR')).toEqual(['600MHz核磁共振波谱仪']);
    expect(await found('核磁')).toEqual(['600MHz核磁共振波谱仪']);
    expect(await found('XRD')).toEqual(['X射线衍射仪']);
    expect(await found('icp-ms')).toEqual(['电感耦合等离子体质谱仪']);
    expect(await found('质谱')).toEqual(['电感耦合等离子体质谱仪']);
    expect(await found('tsdzxwj')).toEqual(['透射电子显微镜']);
    expect(await found('hcgz')).toEqual(['600MHz核磁共振波谱仪']);
    expect(await found('xsx')).toEqual(['X射线衍射仪']);
    expect(await found('jgld')).toEqual(['激光粒度分析仪']);
    expect(await found('zz')).toEqual([]);
  });

  it('follows a rename: the new name’s initials find it, the old ones no longer do', async () => {
    const id = demo['激光粒度分析仪'];
    expect((await api('PATCH', `/instruments/${id}`, { token: admin.token, body: { name: '原子力显微镜' } })).status).toBe(200);
    expect(await found('jgld')).toEqual([]);
    expect(await found('yzl')).toEqual(['原子力显微镜']);
    expect(await found('AFM')).toEqual(['原子力显微镜']);
  });
});

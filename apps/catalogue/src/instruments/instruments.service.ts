import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  Actor, CreateInstrumentDto, DEFAULT_BOOKING_RULES, InstrumentSearchQuery, InstrumentSummary, InstrumentView,
  UpdateInstrumentDto, pageWindow,
} from '@yixiang/contracts';
import { authorize, fail, JsonReply, pgArray, preparedQuery, requireActor, PG_UNIQUE_VIOLATION, pgCode } from '@yixiang/common';
import { bookingRuleProblems, CODE_PATTERN, InstrumentObject, UUID_PATTERN } from '@yixiang/domain';
import { Category, Institution, Instrument } from '../entities';
import { generateCode, idOrCode } from '../shared/codes';
import { iso } from '../shared/views';
import { SearchCache, SearchIndexService, searchTerms, SummaryCache, textSearchWhere } from '../search';

interface SummaryRow {
  id: string; code: string; name: string; model: string | null; manufacturer: string | null; category_code: string;
  sharing_status: InstrumentSummary['sharingStatus']; online_booking: boolean; service_modes: InstrumentSummary['serviceModes'];
  original_value_fen: string; inst_id: string; inst_code: string; inst_name: string; inst_region: string; from_price: string | null;
}

const SUMMARY_COLUMNS = `i.id, i.code, i.name, i.model, i.manufacturer, i.category_code, i.sharing_status, i.online_booking,
  i.service_modes, i.original_value_fen, ins.id as inst_id, ins.code as inst_code, ins.name as inst_name, ins.region as inst_region,
  s.price_min_fen as from_price`;
/**
 * The "from" price is the search row's lowest price of the cards valid now (kept by the rate-card
 * triggers and the minute's refresh of cards that crossed a validity bound): the same figure the
 * maxPriceFen filter compares, read with the row instead of a rate-card lookup per instrument.
 */
const SUMMARY_FROM = `catalogue.instrument i join catalogue.institution ins on ins.id = i.institution_id join catalogue.instrument_search s on s.id = i.id`;
/**
 * A page's summaries, prepared once per connection: planning this three-table join took 2–3 ms
 * of PostgreSQL per page at 100,000 instruments, more than running it. The owner is looked up per
 * row (`offset 0` keeps the planner from flattening the lateral join): otherwise it hashed every
 * institution to join twenty rows.
 */
const PAGE_SUMMARIES = `select ${SUMMARY_COLUMNS} from catalogue.instrument i join catalogue.instrument_search s on s.id = i.id
  cross join lateral (select ins.id, ins.code, ins.name, ins.region from catalogue.institution ins where ins.id = i.institution_id offset 0) ins
  where i.id = any($1::uuid[])`;

const instrumentObject = (i: Instrument): InstrumentObject => ({ institutionId: i.institutionId, sharingStatus: i.sharingStatus });

function summary(row: SummaryRow): InstrumentSummary {
  return {
    id: row.id, code: row.code, name: row.name, model: row.model, manufacturer: row.manufacturer, categoryCode: row.category_code,
    sharingStatus: row.sharing_status, onlineBooking: row.online_booking, serviceModes: row.service_modes,
    originalValueFen: Number(row.original_value_fen),
    institution: { id: row.inst_id, code: row.inst_code, name: row.inst_name, region: row.inst_region },
    fromPriceFen: row.from_price === null ? null : Number(row.from_price),
  };
}

@Injectable()
export class InstrumentsService {
  private readonly summaries = new SummaryCache();

  constructor(
    private readonly em: EntityManager,
    private readonly cache: SearchCache,
    private readonly index: SearchIndexService,
  ) {}

  async create(actor: Actor | null, dto: CreateInstrumentDto): Promise<InstrumentView> {
    const a = requireActor(actor);
    const institution = await this.ownerFor(a, dto);
    authorize(a, 'instrument.create', { institutionId: institution.id });
    await this.checkCategory(dto.categoryCode);
    const instrument = this.em.create(Instrument, {
      code: dto.code ?? generateCode('EQ'), institutionId: institution.id, name: dto.name.trim(), model: dto.model ?? null,
      manufacturer: dto.manufacturer ?? null, countryOfOrigin: dto.countryOfOrigin ?? null, categoryCode: dto.categoryCode,
      originalValueFen: dto.originalValueFen, purchaseDate: dto.purchaseDate ?? null, specialised: dto.specialised ?? false,
      sharingStatus: dto.sharingStatus ?? 'open', onlineBooking: dto.onlineBooking ?? false, retiredOn: dto.retiredOn ?? null,
      location: dto.location ?? null, specifications: dto.specifications ?? null, mainFunctions: dto.mainFunctions ?? null,
      serviceModes: dto.serviceModes ?? ['self'], bookingRules: this.rules(dto.bookingRules),
    });
    await this.flush();
    await this.cache.bump();
    return this.view(instrument.id, a);
  }

  async update(actor: Actor | null, ref: string, dto: UpdateInstrumentDto): Promise<InstrumentView> {
    const a = requireActor(actor);
    const instrument = await this.find(ref);
    authorize(a, 'instrument.update', instrumentObject(instrument), `instrument ${ref} does not exist`);
    if (dto.categoryCode) await this.checkCategory(dto.categoryCode);
    const { bookingRules, ...rest } = dto;
    this.em.assign(instrument, rest);
    if (bookingRules) instrument.bookingRules = this.rules({ ...instrument.bookingRules, ...bookingRules });
    await this.flush();
    await this.cache.bump();
    return this.view(instrument.id, a);
  }

  async get(actor: Actor | null, ref: string): Promise<InstrumentView> {
    const a = requireActor(actor);
    const instrument = await this.find(ref);
    return this.view(instrument.id, a);
  }

  /**
   * A page of results (a Page<InstrumentSummary>), kept and sent as its JSON: a cached page is
   * serialised once, not on every request that finds it.
   * `busy`: with availableFrom/availableTo, the instruments the booking service found taken in that
   * window (the gateway asks it); they are left out, and only instruments bookable online remain.
   */
  async search(actor: Actor | null, query: InstrumentSearchQuery, busy?: string[]): Promise<JsonReply> {
    const a = requireActor(actor);
    if ((query.availableFrom || query.availableTo) && !busy) {
      fail('VALIDATION_FAILED', 'availableFrom and availableTo go together and need the booking service', {
        fields: [{ field: 'availableFrom', reason: 'give both availableFrom and availableTo' }],
      });
    }
    const scope = a.role === 'bureau' || a.role === 'auditor' ? 'all' : `institution:${a.institutionId}`;
    const filters = Object.entries(query).filter(([k, v]) => v !== undefined && k !== 'page' && k !== 'pageSize');
    const generation = await this.cache.generation();
    const countKey = `${generation}|${scope}|${JSON.stringify(filters.sort(([x], [y]) => x.localeCompare(y)))}`;
    const { page, pageSize } = pageWindow(query);
    if (busy) return this.runSearch(a, query, null, null, busy);
    return this.cache.getOrCompute(`page|${countKey}|${page}|${pageSize}`, () => this.runSearch(a, query, countKey, generation));
  }

  /**
   * Two cheap steps instead of one wide query: the page's ids in code order and the total, then
   * the summaries of those ids. The ids come from this replica's in-memory index when it is loaded
   * (refreshed to at least `generation` first); otherwise, and for availability searches, whose
   * busy list the index does not know, from an index walk over the narrow search table, with the
   * total cached apart from the page, so that paging through one result set counts it once.
   */
  private async runSearch(actor: Actor, query: InstrumentSearchQuery, countKey: string | null, generation: string | null, busy?: string[]): Promise<JsonReply> {
    const { page, pageSize, offset } = pageWindow(query);
    const found = busy || generation === null ? null : await this.index.search(actor, query, generation, offset, pageSize);
    const { ids, total } = found ?? (await this.sqlSearch(actor, query, countKey, busy));
    const byId = await this.summariesOf(ids, generation);
    // A Page<InstrumentSummary>, put together from the summaries' JSON. An id without its
    // instrument (deleted since the index saw it) is left out rather than failing the page.
    const items = ids.filter((id) => byId.has(id)).map((id) => byId.get(id) as string);
    return JsonReply.fromJson(`{"items":[${items.join(',')}],"total":${total},"page":${page},"pageSize":${pageSize}}`);
  }

  /** The summaries (as JSON) of a page's instruments: those kept at this generation, the others from PostgreSQL. */
  private async summariesOf(ids: string[], generation: string | null): Promise<Map<string, string>> {
    const kept = generation === null ? { found: new Map<string, string>(), missing: ids } : this.summaries.lookup(generation, ids);
    if (kept.missing.length === 0) return kept.found;
    const rows = await preparedQuery<SummaryRow>(this.em, 'instrument-page-summaries', PAGE_SUMMARIES, [pgArray(kept.missing)]);
    const read = new Map(rows.map((r) => [r.id, JSON.stringify(summary(r))]));
    if (generation !== null) this.summaries.keep(generation, read);
    for (const [id, json] of read) kept.found.set(id, json);
    return kept.found;
  }

  /** The page's ids and the total from PostgreSQL. */
  private async sqlSearch(actor: Actor, query: InstrumentSearchQuery, countKey: string | null, busy?: string[]): Promise<{ ids: string[]; total: number }> {
    const { pageSize, offset } = pageWindow(query);
    const { narrow, recheck } = textSearchWhere(actor, query);
    const { clauses, params } = narrow;
    if (busy) {
      clauses.push(`i.online_booking`, `i.id <> all(?::uuid[])`);
      params.push(pgArray(busy.filter((id) => UUID_PATTERN.test(id))));
    }
    const conn = this.em.getConnection();
    const where = (list: string[]) => (list.length ? `where ${list.join(' and ')}` : '');
    const count = () => this.count(`select count(*) as total from catalogue.instrument_search i ${where(clauses)}`, params);
    const counted = () => (countKey === null ? count() : this.cache.getOrCompute(`count|${countKey}`, count));
    let ids: { id: string }[];
    let total: number;
    if (searchTerms(query.q).length > 0) {
      // A text search gathers its matches through the indexes, fenced off so that the planner keeps
      // that plan, then confirms them with LIKE (see textSearchWhere for why the steps are apart).
      // The page and the total come from that one set: one pass over the matching rows, and a
      // total even when the page lies past the last one (a row with no id then carries it).
      const rows = await conn.execute<{ id: string | null; total: string }[]>(
        `with i as materialized (select i.id, i.code${recheck.clauses.length ? ', i.search_text' : ''} from catalogue.instrument_search i ${where(clauses)}),
           m as materialized (select i.id, i.code from i ${where(recheck.clauses)})
         select p.id, t.total from (select count(*) as total from m) t
           left join lateral (select m.id, m.code from m order by m.code limit ? offset ?) p on true
         order by p.code`,
        [...params, ...recheck.params, pageSize, offset]);
      ids = rows.filter((r): r is { id: string; total: string } => r.id !== null);
      total = Number(rows[0].total);
      if (countKey !== null) void this.cache.getOrCompute(`count|${countKey}`, async () => total);
    } else {
      [ids, total] = await Promise.all([
        conn.execute<{ id: string }[]>(`select i.id from catalogue.instrument_search i ${where(clauses)} order by i.code limit ? offset ?`, [...params, pageSize, offset]),
        counted(),
      ]);
    }
    return { ids: ids.map((r) => r.id), total };
  }

  private async count(sql: string, params: unknown[]): Promise<number> {
    const [row] = await this.em.getConnection().execute<{ total: string }[]>(sql, params);
    return Number(row.total);
  }

  /** Loads an instrument the actor may see; one that is not shared with them does not exist for them. */
  async find(ref: string): Promise<Instrument> {
    if (!UUID_PATTERN.test(ref) && !CODE_PATTERN.test(ref)) fail('NOT_FOUND', `instrument ${ref} does not exist`);
    const instrument = await this.em.findOne(Instrument, idOrCode(ref));
    if (!instrument) fail('NOT_FOUND', `instrument ${ref} does not exist`);
    return instrument;
  }

  async findVisible(actor: Actor, ref: string): Promise<Instrument> {
    const instrument = await this.find(ref);
    authorize(actor, 'instrument.read', instrumentObject(instrument), `instrument ${ref} does not exist`);
    return instrument;
  }

  private async view(id: string, actor: Actor): Promise<InstrumentView> {
    const instrument = await this.findVisible(actor, id);
    const conn = this.em.getConnection();
    const [row] = await conn.execute<SummaryRow[]>(
      `select ${SUMMARY_COLUMNS} from ${SUMMARY_FROM} where i.id = ?`, [id]);
    const category = await this.em.findOneOrFail(Category, { code: instrument.categoryCode });
    return {
      ...summary(row),
      countryOfOrigin: instrument.countryOfOrigin, purchaseDate: instrument.purchaseDate, specialised: instrument.specialised,
      retiredOn: instrument.retiredOn, location: instrument.location, specifications: instrument.specifications,
      mainFunctions: instrument.mainFunctions, bookingRules: instrument.bookingRules,
      category: { code: category.code, nameZh: category.nameZh, parentCode: category.parentCode },
      createdAt: iso(instrument.createdAt), updatedAt: iso(instrument.updatedAt),
    };
  }

  private async ownerFor(actor: Actor, dto: CreateInstrumentDto): Promise<Institution> {
    if (!dto.institutionId && !dto.institutionCode) {
      if (!actor.institutionId) {
        fail('VALIDATION_FAILED', 'say which institution owns the instrument', { fields: [{ field: 'institutionCode', reason: 'required' }] });
      }
      return this.em.findOneOrFail(Institution, { id: actor.institutionId });
    }
    const institution = await this.em.findOne(Institution, dto.institutionId ? { id: dto.institutionId } : { code: dto.institutionCode });
    if (!institution) {
      const field = dto.institutionId ? 'institutionId' : 'institutionCode';
      fail('VALIDATION_FAILED', `unknown institution ${dto.institutionId ?? dto.institutionCode}`, { fields: [{ field, reason: 'no such institution' }] });
    }
    return institution;
  }

  private async checkCategory(code: string): Promise<void> {
    const category = await this.em.findOne(Category, { code });
    if (!category || !category.parentCode) {
      fail('VALIDATION_FAILED', `categoryCode ${code} is not a second-level code of the national instrument classification`, {
        fields: [{ field: 'categoryCode', reason: 'unknown second-level category code' }],
      });
    }
  }

  private rules(given: Partial<typeof DEFAULT_BOOKING_RULES> | undefined): typeof DEFAULT_BOOKING_RULES {
    const rules = { ...DEFAULT_BOOKING_RULES, ...(given ?? {}) };
    const bad = bookingRuleProblems(rules);
    if (bad.length) fail('VALIDATION_FAILED', bad.map((b) => b.reason).join('; '), { fields: bad });
    return rules;
  }

  private async flush(): Promise<void> {
    try {
      await this.em.flush();
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) {
        fail('DUPLICATE', 'an instrument with this code already exists', { fields: [{ field: 'code', reason: 'code is already taken' }] });
      }
      throw error;
    }
  }
}

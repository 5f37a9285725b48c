import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  Actor, CreateInstrumentDto, DEFAULT_BOOKING_RULES, InstrumentSearchQuery, InstrumentView,
  UpdateInstrumentDto, pageWindow,
} from '@yixiang/contracts';
import { authorize, fail, JsonReply, pgArray, requireActor, PG_UNIQUE_VIOLATION, pgCode, validationMessage } from '@yixiang/common';
import { bookingRuleProblems, CODE_PATTERN, InstrumentObject, UUID_PATTERN, said, noSuch } from '@yixiang/domain';
import { Category, Institution, Instrument } from '../entities';
import { generateCode, idOrCode } from '../shared/codes';
import { iso } from '../shared/views';
import { InstrumentsRepository } from './instruments.repository';
import { SearchCache, SearchIndexService, searchTerms, SummaryCache, textSearchWhere } from '../search';

const instrumentObject = (i: Instrument): InstrumentObject => ({ institutionId: i.institutionId, sharingStatus: i.sharingStatus });

@Injectable()
export class InstrumentsService {
  private readonly summaries = new SummaryCache();

  constructor(
    private readonly em: EntityManager,
    private readonly cache: SearchCache,
    private readonly index: SearchIndexService,
    private readonly repository: InstrumentsRepository,
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
    authorize(a, 'instrument.update', instrumentObject(instrument), noSuch('仪器', 'instrument', ref));
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
      fail('VALIDATION_FAILED', said('空闲起止时间须同时给出，且需要预约服务', 'availableFrom and availableTo go together and need the booking service'), {
        fields: [{ field: 'availableFrom', reason: said('须同时给出空闲起止时间', 'give both availableFrom and availableTo') }],
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
    const read = new Map((await this.repository.summaries(kept.missing)).map((v) => [v.id, JSON.stringify(v)]));
    if (generation !== null) this.summaries.keep(generation, read);
    for (const [id, json] of read) kept.found.set(id, json);
    return kept.found;
  }

  /** The page's ids and the total from PostgreSQL. */
  private async sqlSearch(actor: Actor, query: InstrumentSearchQuery, countKey: string | null, busy?: string[]): Promise<{ ids: string[]; total: number }> {
    const { pageSize, offset } = pageWindow(query);
    const { narrow, recheck } = textSearchWhere(actor, query);
    if (busy) {
      narrow.clauses.push(`i.online_booking`, `i.id <> all(?::uuid[])`);
      narrow.params.push(pgArray(busy.filter((id) => UUID_PATTERN.test(id))));
    }
    const count = () => this.repository.count(narrow);
    const counted = () => (countKey === null ? count() : this.cache.getOrCompute(`count|${countKey}`, count));
    if (searchTerms(query.q).length > 0) {
      const found = await this.repository.textSearchPage(narrow, recheck, pageSize, offset);
      if (countKey !== null) void this.cache.getOrCompute(`count|${countKey}`, async () => found.total);
      return found;
    }
    const [ids, total] = await Promise.all([this.repository.pageIds(narrow, pageSize, offset), counted()]);
    return { ids, total };
  }

  /** Loads an instrument the actor may see; one that is not shared with them does not exist for them. */
  async find(ref: string): Promise<Instrument> {
    if (!UUID_PATTERN.test(ref) && !CODE_PATTERN.test(ref)) fail('NOT_FOUND', noSuch('仪器', 'instrument', ref));
    const instrument = await this.em.findOne(Instrument, idOrCode(ref));
    if (!instrument) fail('NOT_FOUND', noSuch('仪器', 'instrument', ref));
    return instrument;
  }

  async findVisible(actor: Actor, ref: string): Promise<Instrument> {
    const instrument = await this.find(ref);
    authorize(actor, 'instrument.read', instrumentObject(instrument), noSuch('仪器', 'instrument', ref));
    return instrument;
  }

  private async view(id: string, actor: Actor): Promise<InstrumentView> {
    const instrument = await this.findVisible(actor, id);
    const summary = await this.repository.summary(id);
    const category = await this.em.findOneOrFail(Category, { code: instrument.categoryCode });
    return {
      ...summary,
      countryOfOrigin: instrument.countryOfOrigin, purchaseDate: instrument.purchaseDate, specialised: instrument.specialised,
      retiredOn: instrument.retiredOn, location: instrument.location, specifications: instrument.specifications,
      mainFunctions: instrument.mainFunctions, bookingRules: { ...DEFAULT_BOOKING_RULES, ...instrument.bookingRules },
      category: { code: category.code, nameZh: category.nameZh, parentCode: category.parentCode },
      createdAt: iso(instrument.createdAt), updatedAt: iso(instrument.updatedAt),
    };
  }

  private async ownerFor(actor: Actor, dto: CreateInstrumentDto): Promise<Institution> {
    if (!dto.institutionId && !dto.institutionCode) {
      if (!actor.institutionId) {
        fail('VALIDATION_FAILED', said('请指定仪器所属单位', 'say which institution owns the instrument'), { fields: [{ field: 'institutionCode', reason: said('必须填写', 'required') }] });
      }
      return this.em.findOneOrFail(Institution, { id: actor.institutionId });
    }
    const institution = await this.em.findOne(Institution, dto.institutionId ? { id: dto.institutionId } : { code: dto.institutionCode });
    if (!institution) {
      const field = dto.institutionId ? 'institutionId' : 'institutionCode';
      fail('VALIDATION_FAILED', said(`单位 ${dto.institutionId ?? dto.institutionCode} 不存在`, `unknown institution ${dto.institutionId ?? dto.institutionCode}`), { fields: [{ field, reason: said('没有这个单位', 'no such institution') }] });
    }
    return institution;
  }

  private async checkCategory(code: string): Promise<void> {
    const category = await this.em.findOne(Category, { code });
    if (!category || !category.parentCode) {
      fail('VALIDATION_FAILED', said(`仪器分类 ${code} 不是国家仪器分类的二级代码`, `categoryCode ${code} is not a second-level code of the national instrument classification`), {
        fields: [{ field: 'categoryCode', reason: said('未知的二级分类代码', 'unknown second-level category code') }],
      });
    }
  }

  private rules(given: Partial<typeof DEFAULT_BOOKING_RULES> | undefined): typeof DEFAULT_BOOKING_RULES {
    const rules = { ...DEFAULT_BOOKING_RULES, ...(given ?? {}) };
    const bad = bookingRuleProblems(rules);
    if (bad.length) fail('VALIDATION_FAILED', validationMessage(bad), { fields: bad });
    return rules;
  }

  private async flush(): Promise<void> {
    try {
      await this.em.flush();
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) {
        fail('DUPLICATE', said('已有相同编号的仪器', 'an instrument with this code already exists'), { fields: [{ field: 'code', reason: said('编号已被占用', 'code is already taken') }] });
      }
      throw error;
    }
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { BillingFacts, InstrumentFact, NationalInstrumentFacts, ResolvedCodes, SubsidyFacts } from '@yixiang/contracts';
import { boundQuery, pgArray } from '@yixiang/common';

interface InstrumentRow { id: string; code: string; name: string; institution_id: string }

/** Money as text (bigint), as billing reads it. */
interface RateCardRow {
  code: string; instrument_id: string; service_mode: BillingFacts['rateCards'][number]['serviceMode']; unit: BillingFacts['rateCards'][number]['unit'];
  internal_price_fen: string; external_price_fen: string; increment_minutes: number | null; minimum_charge_fen: string; valid_from: Date | string; valid_to: Date | string | null;
}

interface InstitutionRow { id: string; code: string; name: string; group_code: string | null; kind: string; region: string | null }

interface SubsidyInstitutionRow { id: string; code: string; region: string | null; group_code: string | null }

/** An instrument as a subsidy run scores it, with its rate cards' validities as a JSON array of [from, to] pairs. */
interface InstrumentFactRow {
  id: string; code: string; institution_code: string; value: string; purchase_date: string | null; retired_on: string | null;
  specialised: boolean; sharing_status: InstrumentFact['sharingStatus']; online_booking: boolean; cards: string | [string, string | null][];
}

interface ResolvedInstrumentRow { code: string; id: string; institution_id: string }
interface ResolvedUserRow { code: string; id: string; institution_id: string | null }
interface ResolvedInstitutionRow { code: string; id: string }

/** Codes of the exchange format, to be resolved to ids. */
export interface CodesToResolve { instruments: string[]; users: string[]; institutions: string[] }

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

const instrumentView = (r: InstrumentRow): BillingFacts['instruments'][number] => ({ id: r.id, code: r.code, name: r.name, institutionId: r.institution_id });

const rateCardView = (c: RateCardRow): BillingFacts['rateCards'][number] => ({
  code: c.code, instrumentId: c.instrument_id, serviceMode: c.service_mode, unit: c.unit, internalPriceFen: c.internal_price_fen,
  externalPriceFen: c.external_price_fen, incrementMinutes: c.increment_minutes, minimumChargeFen: c.minimum_charge_fen,
  validFrom: iso(c.valid_from) as string, validTo: iso(c.valid_to),
});

const institutionView = (r: InstitutionRow): BillingFacts['institutions'][number] => ({ id: r.id, code: r.code, name: r.name, groupCode: r.group_code, kind: r.kind, region: r.region });

const subsidyInstitutionView = (i: SubsidyInstitutionRow): SubsidyFacts['institutions'][number] => ({ id: i.id, code: i.code, region: i.region, groupCode: i.group_code });

const instrumentFact = (r: InstrumentFactRow): InstrumentFact => ({
  id: r.id, code: r.code, institutionCode: r.institution_code, originalValueFen: r.value, purchaseDate: r.purchase_date, retiredOn: r.retired_on,
  specialised: r.specialised, sharingStatus: r.sharing_status, onlineBooking: r.online_booking,
  rateCards: (typeof r.cards === 'string' ? (JSON.parse(r.cards) as [string, string | null][]) : r.cards)
    .map(([from, to]) => ({ validFrom: new Date(from).toISOString(), validTo: to ? new Date(to).toISOString() : null })),
});

function resolvedCodes(instruments: ResolvedInstrumentRow[], users: ResolvedUserRow[], institutions: ResolvedInstitutionRow[]): ResolvedCodes {
  return {
    instruments: Object.fromEntries(instruments.map((r) => [r.code, { id: r.id, institutionId: r.institution_id }])),
    users: Object.fromEntries(users.map((r) => [r.code, { id: r.id, institutionId: r.institution_id }])),
    institutions: Object.fromEntries(institutions.map((r) => [r.code, { id: r.id }])),
  };
}

const RESOLVE_INSTRUMENTS = `select code, id, institution_id from catalogue.instrument where code = any(?::text[])`;
const RESOLVE_USERS = `select code, id, institution_id from catalogue.app_user where code = any(?::text[])`;
const RESOLVE_INSTITUTIONS = `select code, id from catalogue.institution where code = any(?::text[])`;

/**
 * What other services read of the catalogue, in bulk, over NATS (billing and the subsidy service
 * never read these tables): instruments, rate cards and institutions by id, a subsidy run's pages of
 * instruments, and codes resolved to ids (also inside the import's transaction, for billing's part).
 */
@Injectable()
export class BillingFactsRepository {
  constructor(private readonly em: EntityManager) {}

  async instruments(ids: string[]): Promise<BillingFacts['instruments']> {
    const rows = await this.em.getConnection().execute<InstrumentRow[]>(`select id, code, name, institution_id from catalogue.instrument where id = any(?::uuid[])`, [pgArray(ids)]);
    return rows.map(instrumentView);
  }

  /** The rate cards of the instruments, in order of validity. */
  async rateCards(instrumentIds: string[]): Promise<BillingFacts['rateCards']> {
    const rows = await this.em.getConnection().execute<RateCardRow[]>(
      `select code, instrument_id, service_mode, unit, internal_price_fen::text, external_price_fen::text, increment_minutes, minimum_charge_fen::text, valid_from, valid_to
         from catalogue.rate_card where instrument_id = any(?::uuid[]) order by valid_from`, [pgArray(instrumentIds)]);
    return rows.map(rateCardView);
  }

  /**
   * Every instrument of an institution with what its national record says (issue 20), in code point
   * order; the fee is the search row's lowest price of the cards valid now, as the catalogue shows it.
   */
  async nationalInstruments(institutionId: string): Promise<NationalInstrumentFacts['instruments']> {
    const rows = await this.em.getConnection().execute<NationalInstrumentFacts['instruments']>(
      `select i.id, i.code, i.name, i.category_code as "categoryCode", i.original_value_fen::text as "originalValueFen", i.country_of_origin as "countryOfOrigin",
         i.manufacturer, i.purchase_date::text as "purchaseDate", i.retired_on::text as "retiredOn", i.model, i.specifications, i.main_functions as "mainFunctions",
         i.service_modes as "serviceModes", i.sharing_status as "sharingStatus", s.price_min_fen::text as "fromPriceFen"
       from catalogue.instrument i left join catalogue.instrument_search s on s.id = i.id
       where i.institution_id = ? order by i.code collate "C"`, [institutionId]);
    return rows;
  }

  async institutions(ids: string[]): Promise<BillingFacts['institutions']> {
    const rows = await this.em.getConnection().execute<InstitutionRow[]>(
      `select id, code, name, group_code, kind, region from catalogue.institution where id = any(?::uuid[])`, [pgArray(ids)]);
    return rows.map(institutionView);
  }

  /** Every institution, in code order. */
  async allInstitutions(): Promise<SubsidyFacts['institutions']> {
    const rows = await this.em.getConnection().execute<SubsidyInstitutionRow[]>(`select id, code, region, group_code from catalogue.institution order by code`);
    return rows.map(subsidyInstitutionView);
  }

  /** A page of instruments in code order, after `after` ('' for the first), with their rate cards' validities. */
  async instrumentFacts(after: string, limit: number): Promise<InstrumentFact[]> {
    const rows = await this.em.getConnection().execute<InstrumentFactRow[]>(
      `select i.id, i.code, ins.code as institution_code, i.original_value_fen::text as value, i.purchase_date::text as purchase_date, i.retired_on::text as retired_on,
         i.specialised, i.sharing_status, i.online_booking,
         coalesce((select json_agg(json_build_array(r.valid_from, r.valid_to)) from catalogue.rate_card r where r.instrument_id = i.id), '[]') as cards
       from catalogue.instrument i join catalogue.institution ins on ins.id = i.institution_id
       where i.code > ? order by i.code limit ?`, [after, limit]);
    return rows.map(instrumentFact);
  }

  /**
   * Codes to ids; unknown codes are left out. On the pool, the three lookups at once; inside a
   * transaction (`tx`), one after another on its connection, and its own uncommitted rows count.
   */
  async resolve(codes: CodesToResolve, tx?: EntityManager): Promise<ResolvedCodes> {
    if (tx) {
      return resolvedCodes(
        await boundQuery<ResolvedInstrumentRow>(tx, RESOLVE_INSTRUMENTS, [pgArray(codes.instruments)]),
        await boundQuery<ResolvedUserRow>(tx, RESOLVE_USERS, [pgArray(codes.users)]),
        await boundQuery<ResolvedInstitutionRow>(tx, RESOLVE_INSTITUTIONS, [pgArray(codes.institutions)]));
    }
    const conn = this.em.getConnection();
    const [instruments, users, institutions] = await Promise.all([
      conn.execute<ResolvedInstrumentRow[]>(RESOLVE_INSTRUMENTS, [pgArray(codes.instruments)]),
      conn.execute<ResolvedUserRow[]>(RESOLVE_USERS, [pgArray(codes.users)]),
      conn.execute<ResolvedInstitutionRow[]>(RESOLVE_INSTITUTIONS, [pgArray(codes.institutions)]),
    ]);
    return resolvedCodes(instruments, users, institutions);
  }
}

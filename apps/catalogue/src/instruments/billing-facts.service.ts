import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BillingFacts, ResolvedCodes, SubsidyFacts } from '@yixiang/contracts';
import { pgArray } from '@yixiang/common';
import { UUID_PATTERN } from '@yixiang/domain';

const ids = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && UUID_PATTERN.test(x)) : []);
const codes = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && x.length <= 64) : []);

/** Catalogue facts for the billing service, asked in bulk over NATS (billing never reads these tables). */
@Injectable()
export class BillingFactsService {
  constructor(private readonly em: EntityManager) {}

  async facts(instrumentIds: unknown, institutionIds: unknown): Promise<BillingFacts> {
    const conn = this.em.getConnection();
    const instruments = ids(instrumentIds);
    const [rows, cards] = await Promise.all([
      conn.execute<{ id: string; code: string; name: string; institution_id: string }[]>(`select id, code, name, institution_id from catalogue.instrument where id = any(?::uuid[])`, [pgArray(instruments)]),
      conn.execute<Record<string, any>[]>(
        `select code, instrument_id, service_mode, unit, internal_price_fen::text, external_price_fen::text, increment_minutes, minimum_charge_fen::text, valid_from, valid_to
         from catalogue.rate_card where instrument_id = any(?::uuid[]) order by valid_from`, [pgArray(instruments)]),
    ]);
    const institutionSet = new Set([...ids(institutionIds), ...rows.map((r) => r.institution_id)]);
    const institutions = await conn.execute<{ id: string; code: string; name: string; group_code: string | null; kind: string; region: string | null }[]>(
      `select id, code, name, group_code, kind, region from catalogue.institution where id = any(?::uuid[])`, [pgArray([...institutionSet])]);
    const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
    return {
      instruments: rows.map((r) => ({ id: r.id, code: r.code, name: r.name, institutionId: r.institution_id })),
      institutions: institutions.map((r) => ({ id: r.id, code: r.code, name: r.name, groupCode: r.group_code, kind: r.kind, region: r.region })),
      rateCards: cards.map((c) => ({
        code: c.code, instrumentId: c.instrument_id, serviceMode: c.service_mode, unit: c.unit, internalPriceFen: c.internal_price_fen,
        externalPriceFen: c.external_price_fen, incrementMinutes: c.increment_minutes, minimumChargeFen: c.minimum_charge_fen,
        validFrom: iso(c.valid_from) as string, validTo: iso(c.valid_to),
      })),
    };
  }

  /**
   * What a subsidy run reads of the catalogue: every institution (users come from anywhere) and a
   * page of instruments (by code, after `after`) with their rate-card validities.
   */
  async subsidyFacts(after: string | null, limit: number): Promise<SubsidyFacts> {
    const conn = this.em.getConnection();
    const institutions = after === null
      ? (await conn.execute<{ id: string; code: string; region: string | null; group_code: string | null }[]>(`select id, code, region, group_code from catalogue.institution order by code`))
          .map((i) => ({ id: i.id, code: i.code, region: i.region, groupCode: i.group_code }))
      : [];
    const rows = await conn.execute<Record<string, any>[]>(
      `select i.id, i.code, ins.code as institution_code, i.original_value_fen::text as value, i.purchase_date::text as purchase_date, i.retired_on::text as retired_on,
         i.specialised, i.sharing_status, i.online_booking,
         coalesce((select json_agg(json_build_array(r.valid_from, r.valid_to)) from catalogue.rate_card r where r.instrument_id = i.id), '[]') as cards
       from catalogue.instrument i join catalogue.institution ins on ins.id = i.institution_id
       where i.code > ? order by i.code limit ?`, [after ?? '', Math.min(Math.max(limit, 1), 20000)]);
    return {
      institutions,
      instruments: rows.map((r) => ({
        id: r.id, code: r.code, institutionCode: r.institution_code, originalValueFen: r.value, purchaseDate: r.purchase_date, retiredOn: r.retired_on,
        specialised: r.specialised, sharingStatus: r.sharing_status, onlineBooking: r.online_booking,
        rateCards: (typeof r.cards === 'string' ? JSON.parse(r.cards) : r.cards).map(([from, to]: [string, string | null]) => ({ validFrom: new Date(from).toISOString(), validTo: to ? new Date(to).toISOString() : null })),
      })),
    };
  }

  async resolve(instrumentCodes: unknown, userCodes: unknown, institutionCodes: unknown): Promise<ResolvedCodes> {
    const conn = this.em.getConnection();
    const [instruments, users, institutions] = await Promise.all([
      conn.execute<{ code: string; id: string; institution_id: string }[]>(`select code, id, institution_id from catalogue.instrument where code = any(?::text[])`, [pgArray(codes(instrumentCodes))]),
      conn.execute<{ code: string; id: string; institution_id: string | null }[]>(`select code, id, institution_id from catalogue.app_user where code = any(?::text[])`, [pgArray(codes(userCodes))]),
      conn.execute<{ code: string; id: string }[]>(`select code, id from catalogue.institution where code = any(?::text[])`, [pgArray(codes(institutionCodes))]),
    ]);
    return {
      instruments: Object.fromEntries(instruments.map((r) => [r.code, { id: r.id, institutionId: r.institution_id }])),
      users: Object.fromEntries(users.map((r) => [r.code, { id: r.id, institutionId: r.institution_id }])),
      institutions: Object.fromEntries(institutions.map((r) => [r.code, { id: r.id }])),
    };
  }
}

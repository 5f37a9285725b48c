import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DEFAULT_BOOKING_RULES } from '@yixiang/contracts';
import { boundQuery, pgArray } from '@yixiang/common';
import { nameInitials } from '@yixiang/domain';
import type { CatalogueBundle } from './catalogue-bundle';

const BATCH = 5000;
// Our own constant, so it is safe inside the SQL text; imported instruments start with the default rules.
const DEFAULT_RULES_JSON = JSON.stringify(DEFAULT_BOOKING_RULES);

export interface UpsertCount {
  inserted: number;
  updated: number;
}

type Progress = (done: number) => Promise<void>;

/** institutions.csv's stored fields, as an admin's own row must repeat them. */
export type InstitutionFields = Record<'name' | 'kind' | 'region' | 'credit_code' | 'group_code', string | null>;

/** A rate card already stored, with its instrument's code. */
export interface StoredCard { code: string; instrument: string; mode: string; valid_from: Date; valid_to: Date | null }

/** Runs one upsert statement per batch, its rows passed as parallel arrays to `unnest`. */
async function upsertInBatches<T>(em: EntityManager, rows: T[], sql: string, columns: ((r: T) => unknown)[], progress: Progress): Promise<UpsertCount> {
  const count: UpsertCount = { inserted: 0, updated: 0 };
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const params = columns.map((col) => pgArray(batch.map(col)));
    // Bound, not inlined: em.execute would escape and splice megabytes of array text into the SQL.
    const result = await boundQuery<{ inserted: boolean }>(em, sql, params);
    for (const r of result) {
      if (r.inserted) count.inserted++;
      else count.updated++;
    }
    await progress(Math.min(start + BATCH, rows.length));
  }
  return count;
}

export interface ImportCounts {
  'institutions.csv': UpsertCount;
  'users.csv': UpsertCount;
  'instruments.csv': UpsertCount;
  'rates.csv': UpsertCount;
}

/**
 * The SQL of importing a catalogue bundle: what the checks read of the stored catalogue (leaf
 * categories, codes, credit codes, emails, owners, rate cards), the upserts that write it, and the
 * planner's statistics refreshed after a large one. Reads run on the pool, outside the import's
 * transaction; `write` runs in the transaction it is given.
 */
@Injectable()
export class CatalogueBundleRepository {
  constructor(private readonly em: EntityManager) {}

  /** The categories an instrument may be filed under: those with a parent. */
  async leafCategories(): Promise<Set<string>> {
    return new Set((await this.execute<{ code: string }>(`select code from catalogue.category where parent_code is not null`)).map((r) => r.code));
  }

  async institutionCode(id: string | null): Promise<string | undefined> {
    return (await this.execute<{ code: string }>(`select code from catalogue.institution where id = ?`, [id]))[0]?.code;
  }

  /** Which of these institution codes are stored. */
  async storedInstitutions(codes: string[]): Promise<Set<string>> {
    return new Set((await this.execute<{ code: string }>(`select code from catalogue.institution where code = any(?::text[])`, [pgArray(codes)])).map((r) => r.code));
  }

  /** The institution holding each of these credit codes, by credit code. */
  async creditCodeOwners(creditCodes: (string | null)[]): Promise<Map<string, string>> {
    const taken = await this.execute<{ code: string; credit_code: string }>(
      `select code, credit_code from catalogue.institution where credit_code = any(?::text[])`, [pgArray(creditCodes)]);
    return new Map(taken.map((t) => [t.credit_code, t.code]));
  }

  /** The user holding each of these emails (any case), by lower-cased email. */
  async emailOwners(emails: (string | null)[]): Promise<Map<string, string>> {
    const taken = await this.execute<{ code: string; email: string }>(`select code, lower(email) as email from catalogue.app_user where lower(email) = any(?::text[])`, [pgArray(emails)]);
    return new Map(taken.map((t) => [t.email, t.code]));
  }

  /** The stored users of these codes, with their institution's code (null: a bureau or auditor account). */
  async storedUsers(codes: string[]): Promise<{ code: string; institution: string | null }[]> {
    return this.execute<{ code: string; institution: string | null }>(
      `select u.code, ins.code as institution from catalogue.app_user u left join catalogue.institution ins on ins.id = u.institution_id where u.code = any(?::text[])`,
      [pgArray(codes)]);
  }

  /** The owning institution's code of each stored instrument of these codes. */
  async instrumentOwners(codes: string[]): Promise<Map<string, string>> {
    return new Map((await this.execute<{ code: string; institution: string }>(
      `select i.code, ins.code as institution from catalogue.instrument i join catalogue.institution ins on ins.id = i.institution_id
      where i.code = any(?::text[])`,
      [pgArray(codes)])).map((r) => [r.code, r.institution]));
  }

  /** The stored cards of these instruments, and those of these card codes wherever they are. */
  async storedCards(instrumentCodes: string[], cardCodes: string[]): Promise<StoredCard[]> {
    return this.execute<StoredCard>(
      `select r.code, i.code as instrument, r.service_mode as mode, r.valid_from, r.valid_to
       from catalogue.rate_card r join catalogue.instrument i on i.id = r.instrument_id
      where i.code = any(?::text[]) or r.code = any(?::text[])`,
      [pgArray(instrumentCodes), pgArray(cardCodes)]);
  }

  /** An institution's stored fields of institutions.csv, by its code. */
  async institutionFields(code: string | null | undefined): Promise<InstitutionFields | undefined> {
    const [stored] = await this.execute<InstitutionFields>(`select name, kind, region, credit_code, group_code from catalogue.institution where code = ?`, [code]);
    return stored;
  }

  /**
   * Rewrites the search rows compactly in code order and refreshes the planner's statistics and
   * the visibility map of the tables an import writes. Outside any transaction: VACUUM cannot run
   * inside one.
   */
  async refreshStatistics(): Promise<void> {
    await this.em.getConnection().execute(`cluster catalogue.instrument_search using instrument_search_code_idx`);
    for (const table of ['catalogue.instrument_search', 'catalogue.instrument', 'catalogue.rate_card', 'catalogue.institution', 'catalogue.app_user']) {
      await this.em.getConnection().execute(`vacuum (analyze) ${table}`);
    }
  }

  /**
   * Writes a checked bundle with upserts by code, inside the caller's transaction: importing the
   * same bundle twice changes nothing. `(xmax = 0)` tells an inserted row from an updated one.
   */
  async write(em: EntityManager, bundle: CatalogueBundle, progress: (fraction: number) => Promise<void>): Promise<ImportCounts> {
    return writeCatalogueBundle(em, bundle, progress);
  }

  /** On the pool, outside the import's transaction (the checks run before it opens). */
  private execute<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.em.getConnection().execute<T[]>(sql, params);
  }
}

async function writeCatalogueBundle(em: EntityManager, bundle: CatalogueBundle, progress: (fraction: number) => Promise<void>): Promise<ImportCounts> {
  const total = bundle.institutions.length + bundle.users.length + bundle.instruments.length + bundle.rates.length || 1;
  let before = 0;
  const step = (offset: number): Progress => (done) => progress((offset + done) / total);

  const institutions = await upsertInBatches(em, bundle.institutions,
    `insert into catalogue.institution (id, code, name, kind, region, credit_code, group_code)
     select gen_random_uuid(), * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
     on conflict (code) do update set name = excluded.name, kind = excluded.kind, region = excluded.region,
       credit_code = excluded.credit_code, group_code = excluded.group_code, updated_at = now()
     where (institution.name, institution.kind, institution.region, institution.credit_code, institution.group_code)
       is distinct from (excluded.name, excluded.kind, excluded.region, excluded.credit_code, excluded.group_code)
     returning (xmax = 0) as inserted`,
    [(r) => r.code, (r) => r.name, (r) => r.kind, (r) => r.region, (r) => r.creditCode, (r) => r.groupCode], step(before));
  before += bundle.institutions.length;

  const users = await upsertInBatches(em, bundle.users,
    `insert into catalogue.app_user (id, code, institution_id, name, email, role)
     select gen_random_uuid(), u.code, ins.id, u.name, u.email, 'researcher'
       from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as u(code, institution_code, name, email)
       join catalogue.institution ins on ins.code = u.institution_code
     on conflict (code) do update set institution_id = excluded.institution_id, name = excluded.name, email = excluded.email, updated_at = now()
     where (app_user.institution_id, app_user.name, app_user.email) is distinct from (excluded.institution_id, excluded.name, excluded.email)
     returning (xmax = 0) as inserted`,
    [(r) => r.code, (r) => r.institutionCode, (r) => r.name, (r) => r.email], step(before));
  before += bundle.users.length;

  // Pinyin initials (nameInitials) once per distinct name: a catalogue repeats its names thousands of times.
  const initials = new Map<string, string | null>();
  const initialsOf = (name: string) => {
    if (!initials.has(name)) initials.set(name, nameInitials(name));
    return initials.get(name) ?? null;
  };
  const instruments = await upsertInBatches(em, bundle.instruments,
    `insert into catalogue.instrument (id, code, institution_id, name, model, manufacturer, country_of_origin, category_code,
        original_value_fen, purchase_date, specialised, sharing_status, online_booking, retired_on, booking_rules, name_initials)
     select gen_random_uuid(), x.code, ins.id, x.name, x.model, x.manufacturer, x.country, x.category, x.value, x.purchased,
        x.specialised, x.sharing, x.online, x.retired, '${DEFAULT_RULES_JSON}'::jsonb, x.initials
       from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::date[], ?::boolean[],
                   ?::text[], ?::boolean[], ?::date[], ?::text[])
         as x(code, institution_code, name, model, manufacturer, country, category, value, purchased, specialised, sharing, online, retired, initials)
       join catalogue.institution ins on ins.code = x.institution_code
     on conflict (code) do update set institution_id = excluded.institution_id, name = excluded.name, model = excluded.model,
       manufacturer = excluded.manufacturer, country_of_origin = excluded.country_of_origin, category_code = excluded.category_code,
       original_value_fen = excluded.original_value_fen, purchase_date = excluded.purchase_date, specialised = excluded.specialised,
       sharing_status = excluded.sharing_status, online_booking = excluded.online_booking, retired_on = excluded.retired_on,
       name_initials = excluded.name_initials, updated_at = now()
     where (instrument.institution_id, instrument.name, instrument.model, instrument.manufacturer, instrument.country_of_origin,
            instrument.category_code, instrument.original_value_fen, instrument.purchase_date, instrument.specialised,
            instrument.sharing_status, instrument.online_booking, instrument.retired_on)
       is distinct from (excluded.institution_id, excluded.name, excluded.model, excluded.manufacturer, excluded.country_of_origin,
            excluded.category_code, excluded.original_value_fen, excluded.purchase_date, excluded.specialised,
            excluded.sharing_status, excluded.online_booking, excluded.retired_on)
     returning (xmax = 0) as inserted`,
    [(r) => r.code, (r) => r.institutionCode, (r) => r.name, (r) => r.model, (r) => r.manufacturer,
      (r) => r.countryOfOrigin, (r) => r.categoryCode, (r) => r.originalValueFen, (r) => r.purchaseDate, (r) => r.specialised,
      (r) => r.sharingStatus, (r) => r.onlineBooking, (r) => r.retiredOn, (r) => initialsOf(r.name)],
    step(before));
  before += bundle.instruments.length;

  const rates = await upsertInBatches(em, bundle.rates,
    `insert into catalogue.rate_card (id, code, instrument_id, service_mode, unit, internal_price_fen, external_price_fen,
        increment_minutes, minimum_charge_fen, valid_from, valid_to)
     select gen_random_uuid(), x.code, i.id, x.mode, x.unit, x.internal, x.external, x.increment, x.minimum, x.valid_from, x.valid_to
       from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::int[], ?::bigint[], ?::timestamptz[], ?::timestamptz[])
         as x(code, instrument_code, mode, unit, internal, external, increment, minimum, valid_from, valid_to)
       join catalogue.instrument i on i.code = x.instrument_code
     on conflict (code) do update set instrument_id = excluded.instrument_id, service_mode = excluded.service_mode, unit = excluded.unit,
       internal_price_fen = excluded.internal_price_fen, external_price_fen = excluded.external_price_fen,
       increment_minutes = excluded.increment_minutes, minimum_charge_fen = excluded.minimum_charge_fen,
       valid_from = excluded.valid_from, valid_to = excluded.valid_to
     where (rate_card.instrument_id, rate_card.service_mode, rate_card.unit, rate_card.internal_price_fen, rate_card.external_price_fen,
            rate_card.increment_minutes, rate_card.minimum_charge_fen, rate_card.valid_from, rate_card.valid_to)
       is distinct from (excluded.instrument_id, excluded.service_mode, excluded.unit, excluded.internal_price_fen, excluded.external_price_fen,
            excluded.increment_minutes, excluded.minimum_charge_fen, excluded.valid_from, excluded.valid_to)
     returning (xmax = 0) as inserted`,
    [(r) => r.code, (r) => r.instrumentCode, (r) => r.serviceMode, (r) => r.unit, (r) => r.internalPriceFen, (r) => r.externalPriceFen,
      (r) => r.incrementMinutes, (r) => r.minimumChargeFen, (r) => r.validFrom.toISOString(), (r) => r.validTo?.toISOString() ?? null],
    step(before));

  // The modes an instrument offers follow from its cards; the exchange format has no column for them.
  const codes = [...new Set(bundle.rates.map((r) => r.instrumentCode))];
  for (let start = 0; start < codes.length; start += BATCH) {
    await em.execute(
      `update catalogue.instrument i set service_modes = m.modes
         from (select instrument_id, array_agg(distinct service_mode order by service_mode) as modes from catalogue.rate_card group by instrument_id) m
        where m.instrument_id = i.id and i.code = any(?::text[]) and i.service_modes is distinct from m.modes`,
      [pgArray(codes.slice(start, start + BATCH))],
    );
  }

  const unchanged = (rows: { length: number }, c: UpsertCount): UpsertCount & { unchanged: number } => ({ ...c, unchanged: rows.length - c.inserted - c.updated });
  return {
    'institutions.csv': unchanged(bundle.institutions, institutions),
    'users.csv': unchanged(bundle.users, users),
    'instruments.csv': unchanged(bundle.instruments, instruments),
    'rates.csv': unchanged(bundle.rates, rates),
  };
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { BookingContext, DEFAULT_BOOKING_RULES, InstrumentSummary } from '@yixiang/contracts';
import { pgArray, preparedQuery } from '@yixiang/common';
import type { SqlWhere } from '../search';

/** A row of the summary join: instrument, owner, and the search row's "from" price. */
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

/** The one mapping of a summary row to its view. */
function summary(row: SummaryRow): InstrumentSummary {
  return {
    id: row.id, code: row.code, name: row.name, model: row.model, manufacturer: row.manufacturer, categoryCode: row.category_code,
    sharingStatus: row.sharing_status, onlineBooking: row.online_booking, serviceModes: row.service_modes,
    originalValueFen: Number(row.original_value_fen),
    institution: { id: row.inst_id, code: row.inst_code, name: row.inst_name, region: row.inst_region },
    fromPriceFen: row.from_price === null ? null : Number(row.from_price),
  };
}

/** An instrument with what the booking service checks a booking against. */
interface ContextRow {
  id: string; code: string; name: string; institution_id: string; institution_name: string; institution_region: string | null; sharing_status: BookingContext['sharingStatus'];
  retired_on: string | null; online_booking: boolean; service_modes: BookingContext['serviceModes']; timezone: string;
  weekly_hours: BookingContext['weekly']; booking_rules: BookingContext['bookingRules'];
}

const CONTEXT_COLUMNS = `i.id, i.code, i.name, i.institution_id, ins.name as institution_name, ins.region as institution_region, i.sharing_status, i.retired_on::text as retired_on,
  i.online_booking, i.service_modes, i.timezone, i.weekly_hours, i.booking_rules`;

/** Open to outsiders, booked online and not retired: what the earliest-slot search may offer. */
const BOOKABLE = [`i.sharing_status = 'open'`, `i.online_booking`, `(i.retired_on is null or i.retired_on > current_date)`];

/** The one mapping of a context row to its view; rules the instrument leaves unset take the defaults. */
function context(row: ContextRow): BookingContext {
  return {
    instrumentId: row.id, code: row.code, name: row.name, institutionId: row.institution_id, institutionName: row.institution_name, institutionRegion: row.institution_region ?? null,
    sharingStatus: row.sharing_status, retiredOn: row.retired_on, onlineBooking: row.online_booking, serviceModes: row.service_modes,
    timezone: row.timezone, weekly: row.weekly_hours, bookingRules: { ...DEFAULT_BOOKING_RULES, ...row.booking_rules },
  };
}

const where = (list: string[]) => (list.length ? `where ${list.join(' and ')}` : '');

/**
 * The instrument aggregate's search, summary and booking-context SQL (the entity itself is read and
 * written through MikroORM by InstrumentsService). Query texts are those the catalogue-search and
 * booking benches measured: change them only with the benches.
 */
@Injectable()
export class InstrumentsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The summaries of the given ids (missing ids are left out), by the prepared page query. */
  async summaries(ids: string[]): Promise<InstrumentSummary[]> {
    const rows = await preparedQuery<SummaryRow>(this.em, 'instrument-page-summaries', PAGE_SUMMARIES, [pgArray(ids)]);
    return rows.map(summary);
  }

  /** One instrument's summary; it must exist. */
  async summary(id: string): Promise<InstrumentSummary> {
    const [row] = await this.em.getConnection().execute<SummaryRow[]>(`select ${SUMMARY_COLUMNS} from ${SUMMARY_FROM} where i.id = ?`, [id]);
    return summary(row);
  }

  /** How many search rows pass the filters. */
  async count(filters: SqlWhere): Promise<number> {
    const [row] = await this.em.getConnection().execute<{ total: string }[]>(
      `select count(*) as total from catalogue.instrument_search i ${where(filters.clauses)}`, filters.params);
    return Number(row.total);
  }

  /** A page of the ids passing the filters, in code order. */
  async pageIds(filters: SqlWhere, limit: number, offset: number): Promise<string[]> {
    const rows = await this.em.getConnection().execute<{ id: string }[]>(
      `select i.id from catalogue.instrument_search i ${where(filters.clauses)} order by i.code limit ? offset ?`, [...filters.params, limit, offset]);
    return rows.map((r) => r.id);
  }

  /**
   * A text search's page and total from one set: the matches gathered through the indexes, fenced
   * off so that the planner keeps that plan, then confirmed with LIKE (see textSearchWhere for why
   * the steps are apart). One pass over the matching rows, and a total even when the page lies past
   * the last one (a row with no id then carries it).
   */
  async textSearchPage(narrow: SqlWhere, recheck: SqlWhere, limit: number, offset: number): Promise<{ ids: string[]; total: number }> {
    const rows = await this.em.getConnection().execute<{ id: string | null; total: string }[]>(
      `with i as materialized (select i.id, i.code${recheck.clauses.length ? ', i.search_text, i.initials_prefixes' : ''} from catalogue.instrument_search i ${where(narrow.clauses)}),
           m as materialized (select i.id, i.code from i ${where(recheck.clauses)})
         select p.id, t.total from (select count(*) as total from m) t
           left join lateral (select m.id, m.code from m order by m.code limit ? offset ?) p on true
         order by p.code`,
      [...narrow.params, ...recheck.params, limit, offset]);
    return { ids: rows.filter((r): r is { id: string; total: string } => r.id !== null).map((r) => r.id), total: Number(rows[0].total) };
  }

  /** One instrument's booking context, by id or by code; null when there is none. */
  async context(ref: { id: string } | { code: string }): Promise<BookingContext | null> {
    const byId = 'id' in ref;
    const [row] = await this.em.getConnection().execute<ContextRow[]>(
      `select ${CONTEXT_COLUMNS} from catalogue.instrument i join catalogue.institution ins on ins.id = i.institution_id
       where ${byId ? 'i.id = ?' : 'i.code = ?'}`, [byId ? ref.id : ref.code]);
    return row ? context(row) : null;
  }

  /** The contexts of the first `limit` bookable instruments passing a search's filters, in code order. */
  async bookableContexts(filters: SqlWhere, limit: number): Promise<BookingContext[]> {
    const rows = await this.em.getConnection().execute<ContextRow[]>(
      `select ${CONTEXT_COLUMNS} from catalogue.instrument i join catalogue.institution ins on ins.id = i.institution_id
       where i.id in (select i.id from catalogue.instrument_search i where ${[...filters.clauses, ...BOOKABLE].join(' and ')} order by i.code limit ?)
       order by i.code`, [...filters.params, limit]);
    return rows.map(context);
  }

  /**
   * Brings the search rows' current prices up to date with the clock (rate cards that became valid
   * or expired since the last run); how many instruments changed. The database function serialises
   * concurrent runs on its own row lock.
   */
  async refreshDuePrices(): Promise<number> {
    const [row] = await this.em.getConnection().execute<{ refreshed: number }[]>(`select catalogue.refresh_due_prices() as refreshed`);
    return row.refreshed;
  }
}

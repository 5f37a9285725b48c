import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InstrumentSummary } from '@yixiang/contracts';
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

const where = (list: string[]) => (list.length ? `where ${list.join(' and ')}` : '');

/**
 * The instrument aggregate's search and summary SQL (the entity itself is read and written through
 * MikroORM by InstrumentsService). Query texts are those the catalogue-search bench measured:
 * change them only with the bench.
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
      `with i as materialized (select i.id, i.code${recheck.clauses.length ? ', i.search_text' : ''} from catalogue.instrument_search i ${where(narrow.clauses)}),
           m as materialized (select i.id, i.code from i ${where(recheck.clauses)})
         select p.id, t.total from (select count(*) as total from m) t
           left join lateral (select m.id, m.code from m order by m.code limit ? offset ?) p on true
         order by p.code`,
      [...narrow.params, ...recheck.params, limit, offset]);
    return { ids: rows.filter((r): r is { id: string; total: string } => r.id !== null).map((r) => r.id), total: Number(rows[0].total) };
  }
}

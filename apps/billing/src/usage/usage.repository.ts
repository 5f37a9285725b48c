import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { retryOnDeadlock, SqlFilter } from '@yixiang/common';
import { USAGE_COLUMNS, UsageRow } from './usage.rows';

/** A usage record to store: the check-out's, an import's or a manual entry's. */
export interface NewUsage {
  code: string; instrumentId: string; providerInstitutionId: string; userId: string; userInstitutionId: string;
  serviceMode: string; serviceCategory: string; start: Date; end: Date; samples: number | null;
  source: 'check-out' | 'import' | 'manual' | 'terminal' | 'sample-order'; sourceRef: string; bookingId: string | null; voucherId: string | null;
  projectCode: string | null; reason: string | null; createdBy: string | null;
  /** Issue 18: the fund account a check-out's booking was paid from. */
  fundAccountId?: string | null; fundAccountCode?: string | null;
}

/** One month's completed usage, as counted by the database (bigint counts arrive as text). */
export interface UsageMonthRow {
  period: string; records: string; minutes: string; external_minutes: string; instruments: string;
}

/** The SQL of usage records (billing.usage_record). */
@Injectable()
export class UsageRepository {
  constructor(private readonly em: EntityManager) {}

  async find(id: string): Promise<UsageRow | null> {
    const [row] = await this.em.getConnection().execute<UsageRow[]>(`select ${USAGE_COLUMNS} from billing.usage_record where id = ?`, [id]);
    return row ?? null;
  }

  /** A page of records matching the filter, in order of start then code, and how many match in all. */
  async list(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: UsageRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<UsageRow[]>(`select ${USAGE_COLUMNS} from billing.usage_record where ${filter.sql} order by start_at, code limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from billing.usage_record where ${filter.sql}`, filter.params),
    ]);
    return { rows, total: Number(total) };
  }

  /**
   * Stores a record unless one with the same (source, source_ref) exists: true when it was inserted.
   * An overlap with a completed record of the instrument raises the exclusion violation.
   */
  async insert(u: NewUsage, status: 'completed' | 'held', id: string): Promise<boolean> {
    // One statement; two simultaneous overlapping records can deadlock on the exclusion constraint (see retryOnDeadlock).
    const inserted = await retryOnDeadlock(() => this.em.getConnection().execute<{ id: string }[]>(
      `insert into billing.usage_record (id, code, instrument_id, provider_institution_id, user_id, user_institution_id, service_mode,
         service_category, start_at, end_at, samples, status, source, source_ref, booking_id, voucher_id, project_code, reason, created_by,
         fund_account_id, fund_account_code)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (source, source_ref) do nothing returning id`,
      [id, u.code, u.instrumentId, u.providerInstitutionId, u.userId, u.userInstitutionId, u.serviceMode, u.serviceCategory, u.start, u.end,
        u.samples, status, u.source, u.sourceRef, u.bookingId, u.voucherId, u.projectCode, u.reason, u.createdBy, u.fundAccountId ?? null, u.fundAccountCode ?? null]));
    return inserted.length > 0;
  }

  /** The code of the first completed record of the instrument overlapping [start, end), if any. */
  async firstOverlap(instrumentId: string, start: Date, end: Date): Promise<string | null> {
    const [row] = await this.em.getConnection().execute<{ code: string }[]>(
      `select code from billing.usage_record where instrument_id = ? and status = 'completed' and source <> 'sample-order' and period && tstzrange(?, ?, '[)') order by start_at limit 1`,
      [instrumentId, start, end]);
    return row?.code ?? null;
  }

  /** Completed usage per Asia/Shanghai month of the start within [from, to), of one provider or of all. */
  async monthly(from: Date, to: Date, provider: string | null): Promise<UsageMonthRow[]> {
    return this.em.getConnection().execute<UsageMonthRow[]>(
      `select to_char(start_at at time zone 'Asia/Shanghai', 'YYYY-MM') as period, count(*) as records,
         sum(extract(epoch from end_at - start_at)::bigint / 60) as minutes,
         coalesce(sum(extract(epoch from end_at - start_at)::bigint / 60) filter (where user_institution_id <> provider_institution_id), 0) as external_minutes,
         count(distinct instrument_id) as instruments
       from billing.usage_record
       where status = 'completed' and start_at >= ? and start_at < ?${provider ? ' and provider_institution_id = ?' : ''}
       group by 1`,
      [from, to, ...(provider ? [provider] : [])],
    );
  }
}

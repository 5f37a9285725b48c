import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SampleDelivery, SampleHazard, ServiceCategory } from '@yixiang/contracts';
import { pgArray, SqlFilter } from '@yixiang/common';
import type { SampleOrderState } from '@yixiang/domain';
import { asSampleOrderRows, SAMPLE_ORDER_COLUMNS, SAMPLE_ORDER_FROM, SampleOrderRow } from './sample-order.rows';

export interface NewSampleOrder {
  id: string; code: string; instrumentId: string; instrumentCode: string; instrumentName: string; providerInstitutionId: string;
  userId: string; userInstitutionId: string; sampleCount: number; sampleNames: string[]; hazards: SampleHazard[]; hazardNotes: string | null;
  requestedTests: string; delivery: SampleDelivery; trackingNumber: string | null; serviceCategory: ServiceCategory; projectCode: string | null;
}

/** The instant each state stamps when an order enters it (a fixed list: never a caller's text in SQL). */
const STAMP: Record<SampleOrderState, string> = {
  submitted: 'submitted_at',
  accepted: 'accepted_at', rejected: 'rejected_at', received: 'received_at', testing: 'testing_at', report_issued: 'report_issued_at',
  completed: 'completed_at', cancelled: 'cancelled_at',
};

export interface SampleReportBytes { file_name: string; content_type: string; size: number; sha256: string; content: Buffer }

/** The SQL of sample orders and their reports (booking.sample_order, booking.sample_report). */
@Injectable()
export class SampleOrdersRepository {
  constructor(private readonly em: EntityManager) {}

  async insert(o: NewSampleOrder): Promise<void> {
    await this.em.getConnection().execute(
      `insert into booking.sample_order (id, code, instrument_id, instrument_code, instrument_name, provider_institution_id, user_id, user_institution_id,
         sample_count, sample_names, hazards, hazard_notes, requested_tests, delivery, tracking_number, service_category, project_code)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?, ?, ?, ?, ?, ?)`,
      [o.id, o.code, o.instrumentId, o.instrumentCode, o.instrumentName, o.providerInstitutionId, o.userId, o.userInstitutionId, o.sampleCount,
        pgArray(o.sampleNames), pgArray(o.hazards), o.hazardNotes, o.requestedTests, o.delivery, o.trackingNumber, o.serviceCategory, o.projectCode]);
  }

  /** With `em`, inside the caller's transaction (em.execute runs on its connection; getConnection() would take another). */
  async find(id: string, em?: EntityManager): Promise<SampleOrderRow | null> {
    const sql = `select ${SAMPLE_ORDER_COLUMNS} from ${SAMPLE_ORDER_FROM} where o.id = ?`;
    const [row] = asSampleOrderRows(em ? await em.execute<SampleOrderRow[]>(sql, [id]) : await this.em.getConnection().execute<SampleOrderRow[]>(sql, [id]));
    return row ?? null;
  }


  /** A page of orders matching the filter (columns of alias o), newest first, and how many match in all. */
  async list(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: SampleOrderRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<SampleOrderRow[]>(`select ${SAMPLE_ORDER_COLUMNS} from ${SAMPLE_ORDER_FROM} where ${filter.sql} order by o.submitted_at desc, o.code limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from booking.sample_order o where ${filter.sql}`, filter.params),
    ]);
    return { rows: asSampleOrderRows(rows), total: Number(total) };
  }

  /**
   * Moves the order from one of `from` to `to`, stamping the instant of `to`, in the caller's
   * transaction. A conditional UPDATE: of two simultaneous clicks one finds the state it expects and
   * the other (waiting on the row lock, then reading the new state) changes nothing. False then.
   */
  async changeState(em: EntityManager, id: string, from: readonly SampleOrderState[], to: SampleOrderState, reason: string | null): Promise<boolean> {
    const changed = await em.execute<{ id: string }[]>(
      `update booking.sample_order set state = ?, ${STAMP[to]} = now(), reason = coalesce(?, reason), updated_at = now()
       where id = ? and state = any(?::text[]) returning id`,
      [to, reason, id, pgArray(from)]);
    return changed.length > 0;
  }

  /** Stores the report in the caller's transaction (the database checks its size and hash against the bytes). */
  async insertReport(em: EntityManager, orderId: string, r: Omit<SampleReportBytes, 'size'>, uploadedBy: string): Promise<void> {
    await em.execute(
      `insert into booking.sample_report (order_id, file_name, content_type, size, sha256, content, uploaded_by) values (?, ?, ?, ?, ?, ?, ?)`,
      [orderId, r.file_name, r.content_type, r.content.length, r.sha256, r.content, uploadedBy]);
  }

  async report(orderId: string): Promise<SampleReportBytes | null> {
    const [row] = await this.em.getConnection().execute<SampleReportBytes[]>(
      `select file_name, content_type, size, sha256, content from booking.sample_report where order_id = ?`, [orderId]);
    return row ?? null;
  }

  /** Receipt and report instants of an instrument's completed orders (turnaround). */
  async reported(instrumentId: string): Promise<{ receivedAt: Date; reportIssuedAt: Date }[]> {
    const rows = await this.em.getConnection().execute<{ received_at: Date | string; report_issued_at: Date | string }[]>(
      `select received_at, report_issued_at from booking.sample_order where instrument_id = ? and state = 'completed' and report_issued_at is not null`, [instrumentId]);
    return rows.map((r) => ({ receivedAt: new Date(r.received_at), reportIssuedAt: new Date(r.report_issued_at) }));
  }
}

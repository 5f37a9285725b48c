import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { retryOnDeadlock } from '@yixiang/common';
import { asBookingRows, BOOKING_COLUMNS, BookingRow } from '../shared/booking.rows';

export interface NewBlackout {
  id: string;
  code: string;
  instrumentId: string;
  providerInstitutionId: string;
  start: Date;
  end: Date;
  reason: string;
  createdBy: string;
}

/** The SQL of maintenance blackouts: booking.booking rows of kind 'blackout', under the same exclusion constraint as bookings. */
@Injectable()
export class BlackoutsRepository {
  constructor(private readonly em: EntityManager) {}

  async active(instrumentId: string): Promise<BookingRow[]> {
    return asBookingRows(await this.em.getConnection().execute<BookingRow[]>(
      `select ${BOOKING_COLUMNS} from booking.booking where instrument_id = ? and kind = 'blackout' and status = 'active' order by start_at`, [instrumentId]));
  }

  /** The stored blackout; an overlap with an active booking or blackout raises the exclusion violation. */
  async insert(b: NewBlackout): Promise<BookingRow> {
    const [row] = asBookingRows(await retryOnDeadlock(() => this.em.getConnection().execute<BookingRow[]>(
      `insert into booking.booking (id, code, kind, instrument_id, provider_institution_id, status, start_at, end_at, reason, created_by)
         values (?, ?, 'blackout', ?, ?, 'active', ?, ?, ?, ?) returning ${BOOKING_COLUMNS}`,
      [b.id, b.code, b.instrumentId, b.providerInstitutionId, b.start, b.end, b.reason, b.createdBy])));
    return row;
  }

  /** Marks an active blackout of the instrument removed; false when there was none. */
  async remove(id: string, instrumentId: string): Promise<boolean> {
    const removed = await this.em.getConnection().execute<{ id: string }[]>(
      `update booking.booking set status = 'removed', updated_at = now() where id = ? and instrument_id = ? and kind = 'blackout' and status = 'active' returning id`,
      [id, instrumentId]);
    return removed.length > 0;
  }
}

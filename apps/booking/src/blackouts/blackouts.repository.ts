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

  /** Active bookings (requested, approved, in use) overlapping [start, end), in order of start; locked when in a transaction (`em`). */
  async overlappingBookings(em: EntityManager | null, instrumentId: string, start: Date, end: Date): Promise<BookingRow[]> {
    return asBookingRows(await (em ?? this.em.getConnection()).execute<BookingRow[]>(
      `select ${BOOKING_COLUMNS} from booking.booking where instrument_id = ? and kind = 'booking' and status in ('requested', 'approved', 'in_use')
         and period && tstzrange(?, ?, '[)') order by start_at${em ? ' for update' : ''}`, [instrumentId, start, end]));
  }

  /** The stored blackout; an overlap with an active booking or blackout raises the exclusion violation. In the caller's transaction when given one. */
  async insert(b: NewBlackout, em: EntityManager | null = null): Promise<BookingRow> {
    const [row] = asBookingRows(await retryOnDeadlock(() => (em ?? this.em.getConnection()).execute<BookingRow[]>(
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

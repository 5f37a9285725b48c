import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { asBookingRows, BOOKING_COLUMNS, BookingRow } from '../shared/booking.rows';

export interface CalendarOwner {
  kind: 'user' | 'instrument';
  id: string;
}

/** The SQL of calendar feeds: their tokens and the rows a feed shows. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly em: EntityManager) {}

  /** The owner's token: the one stored, or `candidate` when it had none (a subscribed calendar keeps working). */
  async token(owner: CalendarOwner, candidate: string, createdBy: string): Promise<string> {
    const [row] = await this.em.getConnection().execute<{ token: string }[]>(
      `insert into booking.calendar_token (token, owner_kind, owner_id, created_by) values (?, ?, ?, ?)
       on conflict (owner_kind, owner_id) do update set owner_kind = excluded.owner_kind returning token`,
      [candidate, owner.kind, owner.id, createdBy]);
    return row.token;
  }

  async owner(token: string): Promise<CalendarOwner | null> {
    const [owner] = await this.em.getConnection().execute<{ owner_kind: 'user' | 'instrument'; owner_id: string }[]>(
      `select owner_kind, owner_id from booking.calendar_token where token = ?`, [token]);
    return owner ? { kind: owner.owner_kind, id: owner.owner_id } : null;
  }

  /** A user's bookings, or an instrument's bookings and blackouts, that are or were held and end after `since`. */
  async feedRows(owner: CalendarOwner, since: Date): Promise<BookingRow[]> {
    return asBookingRows(await this.em.getConnection().execute<BookingRow[]>(
      `select ${BOOKING_COLUMNS} from booking.booking
       where ${owner.kind === 'user' ? `user_id = ? and kind = 'booking'` : 'instrument_id = ?'}
         and status in ('requested', 'approved', 'in_use', 'completed', 'active') and end_at > ?
       order by start_at limit 5000`, [owner.id, since]));
  }
}

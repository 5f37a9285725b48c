import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ServiceMode, WaitlistStatus } from '@yixiang/contracts';
import { toDate } from '../shared/booking.rows';

export interface WaitlistRow {
  id: string;
  user_id: string;
  user_institution_id: string;
  instrument_id: string;
  provider_institution_id: string;
  start_at: Date;
  end_at: Date;
  service_mode: ServiceMode;
  purpose: string;
  status: WaitlistStatus;
  offered_at: Date | null;
  expires_at: Date | null;
  booking_id: string | null;
  created_at: Date;
  position?: number | null;
}

const COLUMNS = `id, user_id, user_institution_id, instrument_id, provider_institution_id, start_at, end_at, service_mode, purpose, status, offered_at,
  expires_at, booking_id, created_at`;

/** Waiting entries ahead of this one (same instrument, overlapping interval, joined earlier), plus one. */
const POSITION = `case when w.status = 'waiting' then (select count(*)::int + 1 from booking.waitlist_entry o
  where o.instrument_id = w.instrument_id and o.status = 'waiting' and o.created_at < w.created_at
    and tstzrange(o.start_at, o.end_at, '[)') && tstzrange(w.start_at, w.end_at, '[)')) end as position`;

function rows(raw: WaitlistRow[]): WaitlistRow[] {
  for (const r of raw) {
    r.start_at = toDate(r.start_at);
    r.end_at = toDate(r.end_at);
    r.created_at = toDate(r.created_at);
    r.offered_at = r.offered_at ? toDate(r.offered_at) : null;
    r.expires_at = r.expires_at ? toDate(r.expires_at) : null;
  }
  return raw;
}

/**
 * The SQL of the waiting list. Who gets the next offer for an instrument is decided under a
 * transaction-scoped advisory lock per instrument, so a cancel and an offer's expiry (or two
 * sweeps) never offer one slot twice; offers expire by a conditional UPDATE.
 */
@Injectable()
export class WaitlistRepository {
  constructor(private readonly em: EntityManager) {}

  /** The new entry, or null when the user already waits for that slot (the unique live-entry index). */
  async insert(e: Omit<WaitlistRow, 'status' | 'offered_at' | 'expires_at' | 'booking_id' | 'created_at'>): Promise<WaitlistRow | null> {
    const [row] = rows(await this.em.getConnection().execute<WaitlistRow[]>(
      `insert into booking.waitlist_entry (id, user_id, user_institution_id, instrument_id, provider_institution_id, start_at, end_at, service_mode, purpose)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning ${COLUMNS}`,
      [e.id, e.user_id, e.user_institution_id, e.instrument_id, e.provider_institution_id, e.start_at, e.end_at, e.service_mode, e.purpose]));
    return row ?? null;
  }

  async find(id: string): Promise<WaitlistRow | null> {
    const [row] = rows(await this.em.getConnection().execute<WaitlistRow[]>(`select ${COLUMNS}, ${POSITION} from booking.waitlist_entry w where id = ?`, [id]));
    return row ?? null;
  }

  async listOwn(userId: string, status: WaitlistStatus | undefined, pageSize: number, offset: number): Promise<{ rows: WaitlistRow[]; total: number }> {
    const conn = this.em.getConnection();
    const where = `user_id = ?${status ? ' and status = ?' : ''}`;
    const params = status ? [userId, status] : [userId];
    const [list, [{ total }]] = await Promise.all([
      conn.execute<WaitlistRow[]>(`select ${COLUMNS}, ${POSITION} from booking.waitlist_entry w where ${where} order by created_at desc, id limit ? offset ?`, [...params, pageSize, offset]).then(rows),
      conn.execute<{ total: string }[]>(`select count(*) as total from booking.waitlist_entry where ${where}`, params),
    ]);
    return { rows: list, total: Number(total) };
  }

  /** Moves an entry between statuses when it is still in one of `from`; null when it no longer was. */
  async change(em: EntityManager | null, id: string, from: readonly WaitlistStatus[], to: WaitlistStatus, bookingId: string | null = null): Promise<WaitlistRow | null> {
    const [row] = rows(await (em ?? this.em.getConnection()).execute<WaitlistRow[]>(
      `update booking.waitlist_entry set status = ?, booking_id = coalesce(?, booking_id), updated_at = now() where id = ? and status = any(?::text[]) returning ${COLUMNS}`,
      [to, bookingId, id, `{${from.join(',')}}`]));
    return row ?? null;
  }

  async lockInstrument(em: EntityManager, instrumentId: string): Promise<void> {
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`waitlist:${instrumentId}`]);
  }

  /**
   * The first waiting entry (by joining time) whose slot overlaps [start, end) and is free now
   * (no active booking or blackout over it, no open offer overlapping it), in the caller's transaction.
   */
  async firstOfferable(em: EntityManager, instrumentId: string, start: Date, end: Date, now: Date): Promise<WaitlistRow | null> {
    const [row] = rows(await em.execute<WaitlistRow[]>(
      `select ${COLUMNS} from booking.waitlist_entry w
       where w.instrument_id = ? and w.status = 'waiting' and tstzrange(w.start_at, w.end_at, '[)') && tstzrange(?, ?, '[)') and w.start_at > ?
         and not exists (select 1 from booking.booking b where b.instrument_id = w.instrument_id
           and b.status in ('requested', 'approved', 'in_use', 'active') and b.period && tstzrange(w.start_at, w.end_at, '[)'))
         and not exists (select 1 from booking.waitlist_entry o where o.instrument_id = w.instrument_id and o.status = 'offered' and o.expires_at > ?
           and tstzrange(o.start_at, o.end_at, '[)') && tstzrange(w.start_at, w.end_at, '[)'))
       order by w.created_at, w.id limit 1`, [instrumentId, start, end, now, now]));
    return row ?? null;
  }

  async offer(em: EntityManager, id: string, now: Date, expiresAt: Date): Promise<WaitlistRow | null> {
    const [row] = rows(await em.execute<WaitlistRow[]>(
      `update booking.waitlist_entry set status = 'offered', offered_at = ?, expires_at = ?, updated_at = now() where id = ? and status = 'waiting' returning ${COLUMNS}`,
      [now, expiresAt, id]));
    return row ?? null;
  }

  /** Offers open at `now` that have run out, marked expired (each once, whichever sweep gets it). */
  async expireOffers(em: EntityManager, now: Date, limit: number): Promise<WaitlistRow[]> {
    return rows(await em.execute<WaitlistRow[]>(
      `update booking.waitlist_entry set status = 'expired', updated_at = now() where id in (
         select id from booking.waitlist_entry where status = 'offered' and expires_at <= ? order by expires_at limit ? for update skip locked)
       and status = 'offered' returning ${COLUMNS}`, [now, limit]));
  }
}

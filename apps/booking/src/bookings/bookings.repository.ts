import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type BookingStatus, Events } from '@yixiang/contracts';
import { preparedQuery, retryOnDeadlock, SqlFilter } from '@yixiang/common';
import { asBookingRows, BOOKING_COLUMNS, BookingRow, NewBooking, toDate } from '../shared/booking.rows';

/** A keyed booking's insert (or one paid from a fund account), in the transaction that also stores its Idempotency-Key or hold; others go in groups (insertGroup). */
const INSERT_BOOKING = `insert into booking.booking (id, code, kind, instrument_id, provider_institution_id, user_id, user_institution_id,
    service_mode, service_category, purpose, project_code, voucher_id, samples, status, start_at, end_at, created_by, fund_account_id, pi_approval)
  values (?, ?, 'booking', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning ${BOOKING_COLUMNS}`;

/**
 * Every row of a group in one statement. `on conflict on constraint booking_no_overlap do
 * nothing` makes the exclusion constraint the arbiter: a row that overlaps an active booking or
 * blackout, committed or not yet (PostgreSQL waits for that transaction to end), or an earlier row
 * of the same statement, is skipped rather than failing the rest. Any other violation (a unique
 * code, a check) still fails the statement. A row that carries an event (`booking.booking.requested`)
 * writes it to the outbox in the same statement, only when the row itself went in.
 */
const BOOKING_GROUP_INSERT = `with t as (
    select * from unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[],
      $11::uuid[], $12::int[], $13::text[], $14::timestamptz[], $15::timestamptz[], $16::text[])
      with ordinality as t(id, code, instrument_id, provider_id, user_id, user_institution_id, service_mode, service_category, purpose, project_code,
        voucher_id, samples, status, start_at, end_at, event, position)),
  ins as (
    insert into booking.booking (id, code, kind, instrument_id, provider_institution_id, user_id, user_institution_id,
      service_mode, service_category, purpose, project_code, voucher_id, samples, status, start_at, end_at, created_by)
    select id, code, 'booking', instrument_id, provider_id, user_id, user_institution_id, service_mode, service_category, purpose, project_code,
      voucher_id, samples, status, start_at, end_at, user_id
    from t order by position
    on conflict on constraint booking_no_overlap do nothing
    returning ${BOOKING_COLUMNS}),
  events as (
    insert into booking.outbox (id, subject, payload)
    select gen_random_uuid(), '${Events.bookingRequested.subject}', t.event::jsonb from t join ins on ins.id = t.id where t.event is not null)
  select ${BOOKING_COLUMNS} from ins`;

/** A booking that ends in one of these was never used: its hold on a fund account is released. */
export const HOLD_RELEASING_STATUSES: readonly BookingStatus[] = ['cancelled', 'rejected', 'no_show'];

export interface SeriesRow { id: string; user_id: string; user_institution_id: string; provider_institution_id: string; instrument_id: string }

/** A status change: which status it expects, which it sets, and what it stamps. */
export interface StatusChange {
  from: readonly BookingStatus[];
  to: BookingStatus;
  checkIn: boolean;
  checkOut: boolean;
  reason: string | null;
  /** Only if the group's PI approved (or none was needed): an approval never overtakes the PI's (issue 18). */
  piSettled?: boolean;
}

/**
 * The SQL of the booking aggregate (booking.booking rows of kind 'booking', their Idempotency-Keys
 * and the outbox their changes write to). Methods that take an EntityManager run in the caller's
 * transaction; the others on their own connection.
 */
@Injectable()
export class BookingsRepository {
  constructor(private readonly em: EntityManager) {}

  async find(id: string): Promise<BookingRow | null> {
    const [row] = asBookingRows(await this.em.getConnection().execute<BookingRow[]>(`select ${BOOKING_COLUMNS} from booking.booking where id = ? and kind = 'booking'`, [id]));
    return row ?? null;
  }

  /** A page of bookings matching the filter, in order of start then code, and how many match in all. */
  async list(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: BookingRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<BookingRow[]>(`select ${BOOKING_COLUMNS} from booking.booking where ${filter.sql} order by start_at, code limit ? offset ?`, [...filter.params, pageSize, offset]).then(asBookingRows),
      conn.execute<{ total: string }[]>(`select count(*) as total from booking.booking where ${filter.sql}`, filter.params),
    ]);
    return { rows, total: Number(total) };
  }

  /** One keyed booking, in the caller's transaction (with its Idempotency-Key). An overlap raises the exclusion violation. */
  async insert(em: EntityManager, booking: NewBooking): Promise<BookingRow> {
    const [inserted] = asBookingRows(await em.execute<BookingRow[]>(INSERT_BOOKING, [booking.id, booking.code, booking.instrumentId,
      booking.providerInstitutionId, booking.userId, booking.userInstitutionId, booking.serviceMode, booking.serviceCategory, booking.purpose,
      booking.projectCode, booking.voucherId, booking.samples, booking.status, booking.start, booking.end, booking.userId, booking.fundAccountId ?? null,
      booking.piApproval ?? null]));
    return inserted;
  }

  /** One occurrence of a series in the caller's transaction: the row, or null when the exclusion constraint refused it (taken or under maintenance). */
  async insertIfFree(em: EntityManager, booking: NewBooking, seriesId: string): Promise<BookingRow | null> {
    const [inserted] = asBookingRows(await em.execute<BookingRow[]>(
      `insert into booking.booking (id, code, kind, instrument_id, provider_institution_id, user_id, user_institution_id,
         service_mode, service_category, purpose, project_code, voucher_id, samples, status, start_at, end_at, created_by, series_id)
       values (?, ?, 'booking', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict on constraint booking_no_overlap do nothing returning ${BOOKING_COLUMNS}`,
      [booking.id, booking.code, booking.instrumentId, booking.providerInstitutionId, booking.userId, booking.userInstitutionId, booking.serviceMode,
        booking.serviceCategory, booking.purpose, booking.projectCode, booking.voucherId, booking.samples, booking.status, booking.start, booking.end,
        booking.userId, seriesId]));
    return inserted ?? null;
  }

  async insertSeries(em: EntityManager, s: { id: string; code: string; instrumentId: string; providerInstitutionId: string; userId: string; userInstitutionId: string;
    rrule: string; mode: string; start: Date; end: Date }): Promise<void> {
    await em.execute(`insert into booking.series (id, code, instrument_id, provider_institution_id, user_id, user_institution_id, rrule, mode, start_at, end_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [s.id, s.code, s.instrumentId, s.providerInstitutionId, s.userId, s.userInstitutionId, s.rrule, s.mode, s.start, s.end]);
  }

  async findSeries(id: string): Promise<SeriesRow | null> {
    const [row] = await this.em.getConnection().execute<SeriesRow[]>(
      `select id, user_id, user_institution_id, provider_institution_id, instrument_id from booking.series where id = ?`, [id]);
    return row ?? null;
  }

  /** The series' active occurrences starting at or after `from`, locked in the caller's transaction. */
  async seriesFrom(em: EntityManager, seriesId: string, from: Date): Promise<BookingRow[]> {
    return asBookingRows(await em.execute<BookingRow[]>(
      `select ${BOOKING_COLUMNS} from booking.booking where series_id = ? and start_at >= ? and status in ('requested', 'approved') order by start_at for update`, [seriesId, from]));
  }

  /**
   * A group of bookings in one prepared statement outside any transaction: the rows the exclusion
   * constraint let in, by id. Two groups that each hold a row overlapping the other's can wait on
   * each other: PostgreSQL aborts one (40P01) and it is written again.
   */
  async insertGroup(bookings: readonly NewBooking[]): Promise<Map<string, BookingRow>> {
    const column = <K extends keyof NewBooking>(key: K) => bookings.map((b) => b[key]);
    const params = [
      column('id'), column('code'), column('instrumentId'), column('providerInstitutionId'), column('userId'), column('userInstitutionId'),
      column('serviceMode'), column('serviceCategory'), column('purpose'), column('projectCode'), column('voucherId'), column('samples'),
      column('status'), column('start'), column('end'), bookings.map((b) => (b.requestedEvent ? JSON.stringify(b.requestedEvent) : null)),
    ];
    const inserted = asBookingRows(await retryOnDeadlock(() => preparedQuery<BookingRow>(this.em, 'booking-group-insert', BOOKING_GROUP_INSERT, params)));
    return new Map(inserted.map((row) => [row.id, row]));
  }

  /** Stores an Idempotency-Key for a booking in the caller's transaction; false when the key was already taken. */
  async keepIdempotencyKey(em: EntityManager, userId: string, key: string, requestHash: string, bookingId: string): Promise<boolean> {
    const kept = await em.execute<{ booking_id: string }[]>(
      `insert into booking.idempotency_key (user_id, key, request_hash, booking_id) values (?, ?, ?, ?) on conflict do nothing returning booking_id`,
      [userId, key, requestHash, bookingId]);
    return kept.length > 0;
  }

  async idempotencyKey(userId: string, key: string): Promise<{ bookingId: string; requestHash: string } | null> {
    const [kept] = await this.em.getConnection().execute<{ booking_id: string; request_hash: string }[]>(
      `select booking_id, request_hash from booking.idempotency_key where user_id = ? and key = ?`, [userId, key]);
    return kept ? { bookingId: kept.booking_id, requestHash: kept.request_hash } : null;
  }

  /**
   * A conditional UPDATE on the status it expects, in the caller's transaction: the changed row, or
   * null when the booking was no longer in one of `change.from` (another replica or click won).
   */
  async changeStatus(em: EntityManager, id: string, change: StatusChange): Promise<BookingRow | null> {
    // A booking that ends without use (cancelled, rejected, no-show) gives its fund account's hold
    // back in the same statement: the account's running total never counts a hold that is gone.
    const releases = HOLD_RELEASING_STATUSES.includes(change.to);
    const [row] = asBookingRows(await em.execute<BookingRow[]>(
      `with old as (
         select id, fund_account_id, held_fen from booking.booking where id = ? and kind = 'booking' and status = any(?::text[])
           and (not ? or pi_approval is null or pi_approval = 'approved') for update),
       changed as (
         update booking.booking b set status = ?, updated_at = now(),
           checked_in_at = case when ? then now() else b.checked_in_at end,
           checked_out_at = case when ? then now() else b.checked_out_at end,
           reason = coalesce(?, b.reason),
           held_fen = case when ? then null else b.held_fen end
         from old where b.id = old.id and b.status = any(?::text[]) returning b.*),
       released as (
         update booking.fund_account f set held_fen = f.held_fen - old.held_fen
         from old join changed on changed.id = old.id where ? and old.held_fen is not null and f.id = old.fund_account_id returning f.id)
       select ${BOOKING_COLUMNS} from changed`,
      [id, `{${change.from.join(',')}}`, change.piSettled ?? false, change.to, change.checkIn, change.checkOut, change.reason, releases, `{${change.from.join(',')}}`, releases]));
    return row ?? null;
  }

  /**
   * The PI's decision on a booking waiting for it: a conditional UPDATE on 'pending' and 'requested',
   * in the caller's transaction; null when it was no longer waiting (decided, cancelled, rejected).
   */
  async decidePi(em: EntityManager, id: string, decision: 'approved' | 'rejected', piUserId: string): Promise<BookingRow | null> {
    const [row] = asBookingRows(await em.execute<BookingRow[]>(
      `update booking.booking set pi_approval = ?, pi_decided_by = ?, pi_decided_at = now(), updated_at = now()
       where id = ? and kind = 'booking' and pi_approval = 'pending' and status = 'requested' returning ${BOOKING_COLUMNS}`, [decision, piUserId, id]));
    return row ?? null;
  }

  /** The bookings on these accounts that wait for the PI, soonest first. */
  async waitingForPi(fundAccountIds: readonly string[]): Promise<BookingRow[]> {
    if (!fundAccountIds.length) return [];
    return asBookingRows(await this.em.getConnection().execute<BookingRow[]>(
      `select ${BOOKING_COLUMNS} from booking.booking where fund_account_id = any(?::uuid[]) and pi_approval = 'pending' and status = 'requested' and kind = 'booking'
       order by start_at, code limit 500`, [`{${fundAccountIds.join(',')}}`]));
  }

  /** Puts a booking's estimate on hold (预扣), in the caller's transaction, after the account's row was locked and the hold allowed. */
  async hold(em: EntityManager, bookingId: string, fundAccountId: string, amountFen: bigint): Promise<BookingRow> {
    await em.execute(`update booking.fund_account set held_fen = held_fen + ? where id = ?`, [amountFen.toString(), fundAccountId]);
    const [row] = asBookingRows(await em.execute<BookingRow[]>(
      `update booking.booking set held_fen = ? where id = ? and fund_account_id = ? returning ${BOOKING_COLUMNS}`, [amountFen.toString(), bookingId, fundAccountId]));
    return row;
  }

  /** Bookings of the instrument (other than cancelled or rejected ones) that start in [from, to): what a late check-out ran into. */
  async startingBetween(em: EntityManager, instrumentId: string, from: Date, to: Date): Promise<{ id: string; start: Date }[]> {
    const rows = await em.execute<{ id: string; start_at: Date | string }[]>(
      `select id, start_at from booking.booking where instrument_id = ? and kind = 'booking' and status not in ('cancelled', 'rejected')
         and start_at >= ? and start_at < ? order by start_at`, [instrumentId, from, to]);
    return rows.map((r) => ({ id: r.id, start: toDate(r.start_at) }));
  }

  /** Marks a booking's use as having run into a later booking (shown to the operator on the booking). */
  async flagOverrun(em: EntityManager, id: string, overrun: { intoBookingId: string; minutes: number }): Promise<BookingRow> {
    const [row] = asBookingRows(await em.execute<BookingRow[]>(
      `update booking.booking set overrun_into = ?, overrun_minutes = ? where id = ? returning ${BOOKING_COLUMNS}`, [overrun.intoBookingId, overrun.minutes, id]));
    return row;
  }

  /**
   * Approved or running bookings of the instrument that overlap [from, to), locked in the caller's
   * transaction: what a terminal's session may belong to (the caller widens the window by the grace).
   */
  async activeOverlapping(em: EntityManager, instrumentId: string, from: Date, to: Date): Promise<BookingRow[]> {
    return asBookingRows(await em.execute<BookingRow[]>(
      `select ${BOOKING_COLUMNS} from booking.booking where instrument_id = ? and kind = 'booking' and status in ('approved', 'in_use')
         and start_at < ? and end_at > ? order by start_at for update`, [instrumentId, to, from]));
  }

  /**
   * A terminal's session checks its booking in (unless an operator already did) and out at the
   * session's own instants, in the caller's transaction: the completed row, or null when the
   * booking was no longer approved or in use.
   */
  async completeBySession(em: EntityManager, id: string, start: Date, end: Date): Promise<BookingRow | null> {
    const [row] = asBookingRows(await em.execute<BookingRow[]>(
      `update booking.booking set status = 'completed', updated_at = now(), checked_in_at = coalesce(checked_in_at, ?), checked_out_at = greatest(coalesce(checked_in_at, ?), ?)
       where id = ? and kind = 'booking' and status in ('approved', 'in_use') returning ${BOOKING_COLUMNS}`, [start, start, end, id]));
    return row ?? null;
  }
}

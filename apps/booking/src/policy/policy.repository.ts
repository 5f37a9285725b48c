import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SqlFilter } from '@yixiang/common';
import type { NoShowPolicy } from '@yixiang/domain/booking';
import { asBookingRows, BOOKING_COLUMNS, BookingRow, toDate } from '../shared/booking.rows';

export interface SuspensionRow {
  id: string;
  user_id: string;
  user_institution_id: string | null;
  institution_id: string;
  starts_at: Date;
  ends_at: Date;
  no_shows: number;
  reason: string;
  lifted_at: Date | null;
  lifted_by: string | null;
  lift_reason: string | null;
  created_at: Date;
}

const SUSPENSION_COLUMNS = 'id, user_id, user_institution_id, institution_id, starts_at, ends_at, no_shows, reason, lifted_at, lifted_by, lift_reason, created_at';

function asSuspensions(rows: SuspensionRow[]): SuspensionRow[] {
  for (const r of rows) {
    r.starts_at = toDate(r.starts_at);
    r.ends_at = toDate(r.ends_at);
    r.created_at = toDate(r.created_at);
    r.lifted_at = r.lifted_at ? toDate(r.lifted_at) : null;
  }
  return rows;
}

/**
 * The SQL of the booking rules that run on the clock (issue 19): no-shows, suspensions, reminders.
 * Each change is a conditional UPDATE or runs under a transaction-scoped advisory lock, so sweeps
 * on several replicas at once change each row once and write each event once.
 */
@Injectable()
export class PolicyRepository {
  constructor(private readonly em: EntityManager) {}

  /** Approved bookings that started at or before `startedBy` (candidates for an automatic no-show), oldest first. */
  async approvedStartedBy(startedBy: Date, limit: number): Promise<BookingRow[]> {
    return asBookingRows(await this.em.getConnection().execute<BookingRow[]>(
      `select ${BOOKING_COLUMNS} from booking.booking where kind = 'booking' and status = 'approved' and start_at <= ? order by start_at limit ?`, [startedBy, limit]));
  }

  /** Marks approved bookings starting in (now, until] as reminded, in the caller's transaction: each row once, whichever sweep gets it. */
  async claimReminders(em: EntityManager, now: Date, until: Date, limit: number): Promise<BookingRow[]> {
    return asBookingRows(await em.execute<BookingRow[]>(
      `update booking.booking set reminded_at = ? where id in (
         select id from booking.booking where kind = 'booking' and status = 'approved' and reminded_at is null and start_at > ? and start_at <= ?
         order by start_at limit ? for update skip locked)
       and reminded_at is null returning ${BOOKING_COLUMNS}`, [now, now, until, limit]));
  }

  /** Serialises suspension decisions for one user at one institution until the caller's transaction ends. */
  async lockUserAtInstitution(em: EntityManager, userId: string, institutionId: string): Promise<void> {
    await em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`suspension:${userId}:${institutionId}`]);
  }

  async policy(em: EntityManager | null, institutionId: string): Promise<NoShowPolicy | null> {
    const [row] = await (em ?? this.em.getConnection()).execute<{ no_show_limit: number; window_days: number; suspension_days: number }[]>(
      `select no_show_limit, window_days, suspension_days from booking.no_show_policy where institution_id = ?`, [institutionId]);
    return row ? { noShowLimit: row.no_show_limit, windowDays: row.window_days, suspensionDays: row.suspension_days } : null;
  }

  async putPolicy(institutionId: string, p: NoShowPolicy, by: string): Promise<void> {
    await this.em.getConnection().execute(
      `insert into booking.no_show_policy (institution_id, no_show_limit, window_days, suspension_days, updated_by) values (?, ?, ?, ?, ?)
       on conflict (institution_id) do update set no_show_limit = excluded.no_show_limit, window_days = excluded.window_days,
         suspension_days = excluded.suspension_days, updated_by = excluded.updated_by, updated_at = now()`,
      [institutionId, p.noShowLimit, p.windowDays, p.suspensionDays, by]);
  }

  /** The starts of a user's no-show bookings of an institution's instruments since `since`. */
  async noShowStarts(em: EntityManager, userId: string, institutionId: string, since: Date): Promise<Date[]> {
    const rows = await em.execute<{ start_at: Date | string }[]>(
      `select start_at from booking.booking where kind = 'booking' and status = 'no_show' and user_id = ? and provider_institution_id = ? and start_at > ?`,
      [userId, institutionId, since]);
    return rows.map((r) => toDate(r.start_at));
  }

  /** When the user's latest suspension at the institution started (lifted or not), or null. */
  async lastSuspensionStart(em: EntityManager, userId: string, institutionId: string): Promise<Date | null> {
    const [row] = await em.execute<{ starts_at: Date | string | null }[]>(
      `select max(starts_at) as starts_at from booking.suspension where user_id = ? and institution_id = ?`, [userId, institutionId]);
    return row?.starts_at ? toDate(row.starts_at) : null;
  }

  async insertSuspension(em: EntityManager, s: Omit<SuspensionRow, 'lifted_at' | 'lifted_by' | 'lift_reason' | 'created_at'>): Promise<SuspensionRow> {
    const [row] = asSuspensions(await em.execute<SuspensionRow[]>(
      `insert into booking.suspension (id, user_id, user_institution_id, institution_id, starts_at, ends_at, no_shows, reason)
       values (?, ?, ?, ?, ?, ?, ?, ?) returning ${SUSPENSION_COLUMNS}`,
      [s.id, s.user_id, s.user_institution_id, s.institution_id, s.starts_at, s.ends_at, s.no_shows, s.reason]));
    return row;
  }

  /** The suspension of the user at the institution in force at `at`, if any (the latest-ending one). */
  async inForce(userId: string, institutionId: string, at: Date): Promise<SuspensionRow | null> {
    const [row] = asSuspensions(await this.em.getConnection().execute<SuspensionRow[]>(
      `select ${SUSPENSION_COLUMNS} from booking.suspension
       where user_id = ? and institution_id = ? and lifted_at is null and starts_at <= ? and ends_at > ? order by ends_at desc limit 1`,
      [userId, institutionId, at, at]));
    return row ?? null;
  }

  async findSuspension(id: string): Promise<SuspensionRow | null> {
    const [row] = asSuspensions(await this.em.getConnection().execute<SuspensionRow[]>(`select ${SUSPENSION_COLUMNS} from booking.suspension where id = ?`, [id]));
    return row ?? null;
  }

  async listSuspensions(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: SuspensionRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<SuspensionRow[]>(`select ${SUSPENSION_COLUMNS} from booking.suspension where ${filter.sql} order by created_at desc, id limit ? offset ?`,
        [...filter.params, pageSize, offset]).then(asSuspensions),
      conn.execute<{ total: string }[]>(`select count(*) as total from booking.suspension where ${filter.sql}`, filter.params),
    ]);
    return { rows, total: Number(total) };
  }

  /** Lifts a suspension not lifted yet; null when it already was (a conditional UPDATE). */
  async lift(id: string, by: string, reason: string): Promise<SuspensionRow | null> {
    const [row] = asSuspensions(await this.em.getConnection().execute<SuspensionRow[]>(
      `update booking.suspension set lifted_at = now(), lifted_by = ?, lift_reason = ? where id = ? and lifted_at is null returning ${SUSPENSION_COLUMNS}`,
      [by, reason, id]));
    return row ?? null;
  }
}

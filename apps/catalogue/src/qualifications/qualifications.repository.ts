import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Page, QualificationRosterView, QualificationView } from '@yixiang/contracts';
import { escapeLike } from '@yixiang/common';
import { qualificationStanding } from '@yixiang/domain';
import { Qualification } from '../entities';
import { qualificationView } from '../shared/views';

/** A qualification with the institution that owns its instrument (whom the read rule asks about). */
interface QualificationRow { id: string; user_id: string; instrument_id: string; valid_to: Date; granted_by: string | null; created_at: Date; institution_id: string }

export interface OwnedQualification { view: QualificationView; institutionId: string }

const owned = (r: QualificationRow): OwnedQualification => ({
  view: qualificationView(Object.assign(new Qualification(), {
    id: r.id, userId: r.user_id, instrumentId: r.instrument_id, validTo: new Date(r.valid_to), grantedBy: r.granted_by, createdAt: new Date(r.created_at),
  })),
  institutionId: r.institution_id,
});

/** Which qualifications to list: of an instrument and/or a user, and those a non-bureau reader may see. */
export interface QualificationCriteria {
  instrumentId?: string;
  userId?: string;
  /** Null: every row (the bureau, auditors); else the reader's own, and with `institutionId` (staff) those on its institution's instruments. */
  readableBy: { userId: string; institutionId: string | null; staff: boolean } | null;
}

/** The where-clause of a list over `q` (qualification) joined with `i` (its instrument); never empty. */
function conditions(criteria: QualificationCriteria): { where: string[]; params: unknown[] } {
  const where: string[] = ['true'];
  const params: unknown[] = [];
  if (criteria.instrumentId) {
    where.push('q.instrument_id = ?');
    params.push(criteria.instrumentId);
  }
  if (criteria.userId) {
    where.push('q.user_id = ?');
    params.push(criteria.userId);
  }
  const reader = criteria.readableBy;
  if (reader) {
    where.push(reader.staff ? '(q.user_id = ? or i.institution_id = ?)' : 'q.user_id = ?');
    params.push(reader.userId, ...(reader.staff ? [reader.institutionId] : []));
  }
  return { where, params };
}

/**
 * The SQL of qualifications (catalogue.qualification) beyond MikroORM's unit of work, which
 * QualificationsService uses to read and remove one: the upsert of a grant and the lists.
 */
@Injectable()
export class QualificationsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Granting again extends (or shortens) the one qualification a user has for an instrument; its id. */
  async grant(userId: string, instrumentId: string, validTo: Date, grantedBy: string): Promise<string> {
    const [row] = await this.em.getConnection().execute<{ id: string }[]>(
      `insert into catalogue.qualification (id, user_id, instrument_id, valid_to, granted_by) values (gen_random_uuid(), ?, ?, ?, ?)
       on conflict (user_id, instrument_id) do update set valid_to = excluded.valid_to, granted_by = excluded.granted_by returning id`,
      [userId, instrumentId, validTo, grantedBy],
    );
    return row.id;
  }

  /** At most 1000, oldest first. `readableBy` is the SQL form of the read rule, so that the limit counts only readable rows. */
  async list(criteria: QualificationCriteria): Promise<OwnedQualification[]> {
    const { where, params } = conditions(criteria);
    const rows = await this.em.getConnection().execute<QualificationRow[]>(
      `select q.id, q.user_id, q.instrument_id, q.valid_to, q.granted_by, q.created_at, i.institution_id
       from catalogue.qualification q join catalogue.instrument i on i.id = q.instrument_id
       where ${where.join(' and ')} order by q.created_at, q.id limit 1000`, params);
    return rows.map(owned);
  }

  /**
   * A page of the qualifications the reader may see (`readableBy`, as for list), with the user's and the
   * instrument's names, by instrument name, then user name (code point order, as exports sort). `q`
   * matches part of a name, an email or the instrument's code, case-insensitively.
   */
  async roster(criteria: QualificationCriteria & { q?: string }, offset: number, limit: number, now: Date): Promise<Page<QualificationRosterView>> {
    const { where, params } = conditions(criteria);
    const text = criteria.q?.trim();
    if (text) {
      const like = `%${escapeLike(text)}%`;
      where.push('(u.name ilike ? or u.email ilike ? or i.name ilike ? or i.code ilike ?)');
      params.push(like, like, like, like);
    }
    const from = `from catalogue.qualification q join catalogue.instrument i on i.id = q.instrument_id join catalogue.app_user u on u.id = q.user_id
      where ${where.join(' and ')}`;
    const connection = this.em.getConnection();
    const [{ total }] = await connection.execute<{ total: string }[]>(`select count(*) as total ${from}`, params);
    const rows = await connection.execute<(QualificationRow & { user_name: string; user_email: string | null; instrument_code: string; instrument_name: string })[]>(
      `select q.id, q.user_id, q.instrument_id, q.valid_to, q.granted_by, q.created_at, i.institution_id,
              u.name as user_name, u.email as user_email, i.code as instrument_code, i.name as instrument_name
       ${from} order by i.name collate "C", i.id, u.name collate "C", q.id limit ? offset ?`, [...params, limit, offset]);
    return {
      items: rows.map((r) => ({
        ...owned(r).view, userName: r.user_name, userEmail: r.user_email, instrumentCode: r.instrument_code, instrumentName: r.instrument_name,
        standing: qualificationStanding(new Date(r.valid_to), now),
      })),
      total: Number(total), page: Math.floor(offset / limit) + 1, pageSize: limit,
    };
  }

  /** Until when a user is qualified for an instrument; null when never. */
  async validTo(userId: string, instrumentId: string): Promise<Date | null> {
    const [row] = await this.em.getConnection().execute<{ valid_to: Date | string }[]>(
      `select valid_to from catalogue.qualification where user_id = ? and instrument_id = ?`, [userId, instrumentId]);
    return row ? new Date(row.valid_to) : null;
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { TrainingRequestView, TrainingState } from '@yixiang/contracts';
import type { SqlFilter } from '@yixiang/common';
import { toDate } from '../shared/booking.rows';

export interface TrainingRow {
  id: string;
  instrument_id: string;
  instrument_code: string;
  provider_institution_id: string;
  user_id: string;
  user_institution_id: string;
  status: TrainingState;
  note: string | null;
  booking_id: string | null;
  session_start: Date | null;
  session_end: Date | null;
  qualification_valid_to: Date | null;
  remark: string | null;
  decided_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, instrument_id, instrument_code, provider_institution_id, user_id, user_institution_id, status, note, booking_id, session_start,
  session_end, qualification_valid_to, remark, decided_by, created_at, updated_at`;

function rows(raw: TrainingRow[]): TrainingRow[] {
  for (const r of raw) {
    for (const column of ['session_start', 'session_end', 'qualification_valid_to', 'created_at', 'updated_at'] as const) {
      const value = r[column] as Date | string | null;
      (r as unknown as Record<string, Date | null>)[column] = value === null ? null : toDate(value);
    }
  }
  return raw;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function trainingView(r: TrainingRow): TrainingRequestView {
  return {
    id: r.id, instrumentId: r.instrument_id, instrumentCode: r.instrument_code, providerInstitutionId: r.provider_institution_id, userId: r.user_id,
    userInstitutionId: r.user_institution_id, status: r.status, note: r.note, bookingId: r.booking_id, sessionStart: iso(r.session_start),
    sessionEnd: iso(r.session_end), qualificationValidTo: iso(r.qualification_valid_to), remark: r.remark, decidedBy: r.decided_by,
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
  };
}

/** What a step writes besides the new state. */
export interface TrainingChange {
  bookingId?: string;
  sessionStart?: Date;
  sessionEnd?: Date;
  qualificationValidTo?: Date;
  remark?: string | null;
  decidedBy?: string;
}

/**
 * The SQL of training requests. Each step is one conditional UPDATE on the state it leaves, so of two
 * operators scheduling or deciding one request at once exactly one changes it; the other finds it gone.
 */
@Injectable()
export class TrainingRepository {
  constructor(private readonly em: EntityManager) {}

  /** The new request, or null when the trainee already has an open one for that instrument (the unique index). */
  async insert(r: Pick<TrainingRow, 'id' | 'instrument_id' | 'instrument_code' | 'provider_institution_id' | 'user_id' | 'user_institution_id' | 'note'>): Promise<TrainingRow | null> {
    const [row] = rows(await this.em.getConnection().execute<TrainingRow[]>(
      `insert into booking.training_request (id, instrument_id, instrument_code, provider_institution_id, user_id, user_institution_id, note)
       values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning ${COLUMNS}`,
      [r.id, r.instrument_id, r.instrument_code, r.provider_institution_id, r.user_id, r.user_institution_id, r.note]));
    return row ?? null;
  }

  async find(id: string): Promise<TrainingRow | null> {
    const [row] = rows(await this.em.getConnection().execute<TrainingRow[]>(`select ${COLUMNS} from booking.training_request where id = ?`, [id]));
    return row ?? null;
  }

  async list(filter: SqlFilter, limit: number, offset: number): Promise<{ rows: TrainingRow[]; total: number }> {
    const connection = this.em.getConnection();
    const found = rows(await connection.execute<TrainingRow[]>(
      `select ${COLUMNS} from booking.training_request where ${filter.sql} order by created_at desc, id limit ? offset ?`, [...filter.params, limit, offset]));
    const [{ total }] = await connection.execute<{ total: string }[]>(`select count(*) as total from booking.training_request where ${filter.sql}`, filter.params);
    return { rows: found, total: Number(total) };
  }

  /** Moves the request from one of `from` to `to` (in `em`'s transaction if given): the changed row, or null when it was no longer in `from`. */
  async change(em: EntityManager | null, id: string, from: readonly TrainingState[], to: TrainingState, c: TrainingChange = {}): Promise<TrainingRow | null> {
    const [row] = rows(await (em ?? this.em.getConnection()).execute<TrainingRow[]>(
      `update booking.training_request set status = ?,
         booking_id = coalesce(?, booking_id), session_start = coalesce(?, session_start), session_end = coalesce(?, session_end),
         qualification_valid_to = coalesce(?, qualification_valid_to), remark = coalesce(?, remark), decided_by = coalesce(?, decided_by), updated_at = now()
       where id = ? and status = any(?::text[]) returning ${COLUMNS}`,
      [to, c.bookingId ?? null, c.sessionStart ?? null, c.sessionEnd ?? null, c.qualificationValidTo ?? null, c.remark ?? null, c.decidedBy ?? null,
        id, `{${from.join(',')}}`]));
    return row ?? null;
  }
}

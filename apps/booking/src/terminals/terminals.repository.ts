import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { SqlFilter } from '@yixiang/common';
import type { TerminalSessionState, TerminalSessionStatus, TerminalSessionView, TerminalView } from '@yixiang/contracts';
import { toDate } from '../shared/booking.rows';

export interface TerminalRow {
  id: string; instrument_id: string; institution_id: string; name: string; credential_sha256: string; created_by: string | null;
  created_at: Date; revoked_at: Date | null; revoked_by: string | null; last_seen_at: Date | null;
}

export interface SessionRow {
  id: string; terminal_id: string; instrument_id: string; institution_id: string; sequence: string | number; started_at: Date; ended_at: Date | null;
  last_heartbeat_at: Date | null; state: TerminalSessionState; status: TerminalSessionStatus; booking_id: string | null; late: boolean; user_id: string | null;
  reject_reason: string | null; decided_by: string | null; decided_at: Date | null; received_at: Date;
}

const TERMINAL_COLUMNS = 'id, instrument_id, institution_id, name, credential_sha256, created_by, created_at, revoked_at, revoked_by, last_seen_at';
const SESSION_COLUMNS = `id, terminal_id, instrument_id, institution_id, sequence, started_at, ended_at, last_heartbeat_at, state, status, booking_id, late, user_id,
  reject_reason, decided_by, decided_at, received_at`;

const iso = (d: Date | string | null) => (d === null ? null : toDate(d).toISOString());

function asTerminals(rows: TerminalRow[]): TerminalRow[] {
  for (const r of rows) {
    r.created_at = toDate(r.created_at);
    r.revoked_at = r.revoked_at ? toDate(r.revoked_at) : null;
    r.last_seen_at = r.last_seen_at ? toDate(r.last_seen_at) : null;
  }
  return rows;
}

function asSessions(rows: SessionRow[]): SessionRow[] {
  for (const r of rows) {
    r.started_at = toDate(r.started_at);
    r.ended_at = r.ended_at ? toDate(r.ended_at) : null;
    r.received_at = toDate(r.received_at);
  }
  return rows;
}

export function terminalView(r: TerminalRow): TerminalView {
  return {
    id: r.id, instrumentId: r.instrument_id, institutionId: r.institution_id, name: r.name, createdBy: r.created_by, createdAt: iso(r.created_at) as string,
    revokedAt: iso(r.revoked_at), lastSeenAt: iso(r.last_seen_at),
  };
}

export function sessionView(r: SessionRow): TerminalSessionView {
  return {
    id: r.id, terminalId: r.terminal_id, instrumentId: r.instrument_id, institutionId: r.institution_id, sequence: Number(r.sequence),
    start: iso(r.started_at) as string, end: iso(r.ended_at), lastHeartbeatAt: iso(r.last_heartbeat_at), state: r.state, status: r.status,
    bookingId: r.booking_id, late: r.late, userId: r.user_id, rejectReason: r.reject_reason, decidedBy: r.decided_by, decidedAt: iso(r.decided_at),
    receivedAt: iso(r.received_at) as string,
  };
}

export interface NewSession {
  id: string; terminalId: string; instrumentId: string; institutionId: string; sequence: number; start: Date; end: Date | null; late: boolean;
}

/** The SQL of terminals, their nonces and their sessions (booking.terminal*). */
@Injectable()
export class TerminalsRepository {
  constructor(private readonly em: EntityManager) {}

  async insertTerminal(t: { id: string; instrumentId: string; institutionId: string; name: string; credentialSha256: string; createdBy: string }): Promise<TerminalRow> {
    const [row] = await this.em.getConnection().execute<TerminalRow[]>(
      `insert into booking.terminal (id, instrument_id, institution_id, name, credential_sha256, created_by) values (?, ?, ?, ?, ?, ?) returning ${TERMINAL_COLUMNS}`,
      [t.id, t.instrumentId, t.institutionId, t.name, t.credentialSha256, t.createdBy]);
    return asTerminals([row])[0];
  }

  async terminal(id: string): Promise<TerminalRow | null> {
    const [row] = await this.em.getConnection().execute<TerminalRow[]>(`select ${TERMINAL_COLUMNS} from booking.terminal where id = ?`, [id]);
    return row ? asTerminals([row])[0] : null;
  }

  async listTerminals(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: TerminalRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<TerminalRow[]>(`select ${TERMINAL_COLUMNS} from booking.terminal where ${filter.sql} order by created_at desc, id limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from booking.terminal where ${filter.sql}`, filter.params),
    ]);
    return { rows: asTerminals(rows), total: Number(total) };
  }

  /** Revokes once: the row as revoked, or null when it already was. */
  async revoke(id: string, by: string): Promise<TerminalRow | null> {
    const [row] = await this.em.getConnection().execute<TerminalRow[]>(
      `update booking.terminal set revoked_at = now(), revoked_by = ? where id = ? and revoked_at is null returning ${TERMINAL_COLUMNS}`, [by, id]);
    return row ? asTerminals([row])[0] : null;
  }

  /**
   * Remembers a nonce until `expiresAt`: false when the terminal already used it (a replay). The
   * primary key decides, so two replicas given the same request at once accept it once. Nonces
   * whose window has closed are forgotten on the way (the clock check refuses them anyway).
   */
  async rememberNonce(terminalId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    const conn = this.em.getConnection();
    const kept = await conn.execute<{ nonce: string }[]>(
      `insert into booking.terminal_nonce (terminal_id, nonce, expires_at) values (?, ?, ?) on conflict do nothing returning nonce`, [terminalId, nonce, expiresAt]);
    if (kept.length > 0) {
      await conn.execute(`update booking.terminal set last_seen_at = now() where id = ?`, [terminalId]);
      await conn.execute(`delete from booking.terminal_nonce where terminal_id = ? and expires_at < now()`, [terminalId]);
    }
    return kept.length > 0;
  }

  async session(id: string): Promise<SessionRow | null> {
    const [row] = await this.em.getConnection().execute<SessionRow[]>(`select ${SESSION_COLUMNS} from booking.terminal_session where id = ?`, [id]);
    return row ? asSessions([row])[0] : null;
  }

  async sessionBySequence(em: EntityManager | null, terminalId: string, sequence: number, lock = false): Promise<SessionRow | null> {
    const runner = em ?? this.em.getConnection();
    const [row] = await runner.execute<SessionRow[]>(
      `select ${SESSION_COLUMNS} from booking.terminal_session where terminal_id = ? and sequence = ?${lock ? ' for update' : ''}`, [terminalId, sequence]);
    return row ? asSessions([row])[0] : null;
  }

  /** A new session, or null when the terminal already reported one under this sequence (a resend). */
  async insertSession(em: EntityManager, s: NewSession): Promise<SessionRow | null> {
    const stopped = s.end !== null;
    const [row] = await em.execute<SessionRow[]>(
      `insert into booking.terminal_session (id, terminal_id, instrument_id, institution_id, sequence, started_at, ended_at, state, status, late)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict on constraint terminal_session_sequence do nothing returning ${SESSION_COLUMNS}`,
      // A stopped session is inserted pending and settled by reconciliation in the same transaction.
      [s.id, s.terminalId, s.instrumentId, s.institutionId, s.sequence, s.start, s.end, stopped ? 'stopped' : 'running', stopped ? 'pending' : 'running', s.late]);
    return row ? asSessions([row])[0] : null;
  }

  async heartbeat(terminalId: string, sequence: number, at: Date): Promise<SessionRow | null> {
    const [row] = await this.em.getConnection().execute<SessionRow[]>(
      `update booking.terminal_session set last_heartbeat_at = greatest(coalesce(last_heartbeat_at, ?), ?)
       where terminal_id = ? and sequence = ? and state = 'running' returning ${SESSION_COLUMNS}`, [at, at, terminalId, sequence]);
    return row ? asSessions([row])[0] : null;
  }

  /** Stops a running session (pending until reconciled, in the caller's transaction), or null when it is not running. */
  async stop(em: EntityManager, id: string, end: Date, late: boolean): Promise<SessionRow | null> {
    const [row] = await em.execute<SessionRow[]>(
      `update booking.terminal_session set ended_at = greatest(started_at, ?), state = 'stopped', status = 'pending', late = late or ?
       where id = ? and state = 'running' returning ${SESSION_COLUMNS}`, [end, late, id]);
    return row ? asSessions([row])[0] : null;
  }

  async markMatched(em: EntityManager, id: string, bookingId: string): Promise<SessionRow> {
    const [row] = await em.execute<SessionRow[]>(
      `update booking.terminal_session set status = 'matched', booking_id = ? where id = ? returning ${SESSION_COLUMNS}`, [bookingId, id]);
    return asSessions([row])[0];
  }

  /** An operator's decision on a pending session: the decided row, or null when it was no longer pending. */
  async decide(em: EntityManager, id: string, d: { status: 'confirmed' | 'rejected'; by: string; userId: string | null; reason: string | null }): Promise<SessionRow | null> {
    const [row] = await em.execute<SessionRow[]>(
      `update booking.terminal_session set status = ?, decided_by = ?, decided_at = now(), user_id = ?, reject_reason = ?
       where id = ? and status = 'pending' returning ${SESSION_COLUMNS}`, [d.status, d.by, d.userId, d.reason, id]);
    return row ? asSessions([row])[0] : null;
  }

  async listSessions(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: SessionRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<SessionRow[]>(`select ${SESSION_COLUMNS} from booking.terminal_session where ${filter.sql} order by started_at, id limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from booking.terminal_session where ${filter.sql}`, filter.params),
    ]);
    return { rows: asSessions(rows), total: Number(total) };
  }
}

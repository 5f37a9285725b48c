import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Actor, ConfirmTerminalSessionDto, Events, OfflineSessionDto, Page, pageWindow, RejectTerminalSessionDto, SignedTerminalRequest, TerminalBatchDto,
  TerminalBatchReply, TerminalSessionEventDto, TerminalSessionListQuery, TerminalSessionView, UsageRecordedEvent,
} from '@yixiang/contracts';
import { authorize, can, fail, requireActor, SqlFilter } from '@yixiang/common';
import { matchSession, noSuch, said, SESSION_GRACE_MINUTES, sessionIsLate, sessionTimeProblem, UUID_PATTERN, type Said, type SessionTimeProblem } from '@yixiang/domain';
import { usageInterval } from '@yixiang/domain/booking';
import { BookingConfig } from '../config';
import { writeOutbox } from '../outbox/outbox.writer';
import { BookingsRepository } from '../bookings/bookings.repository';
import { CatalogueClient } from '../shared/catalogue.client';
import type { BookingRow } from '../shared/booking.rows';
import { TerminalAuth } from './terminal-auth';
import { institutionScope } from './terminals.service';
import { SessionRow, sessionView, TerminalRow, TerminalsRepository } from './terminals.repository';
import { FundHoldsService } from '../funds/fund-holds.service';

const GRACE_MS = SESSION_GRACE_MINUTES * 60_000;

function timeRefusal(problem: SessionTimeProblem, lateDays: number): Said {
  switch (problem) {
    case 'order': return said('会话的结束时间早于开始时间', 'the session ends before it starts');
    case 'future': return said('会话时间晚于平台当前时间（终端时钟可能不准）', 'the session lies in the future (the terminal’s clock may be wrong)');
    case 'too-old': return said(`会话结束已超过 ${lateDays} 天，平台不再接收`, `the session ended more than ${lateDays} days ago and is no longer accepted`);
    case 'too-long': return said('会话超过 72 小时，不像一次真实的使用', 'the session is longer than 72 hours, longer than any real use');
  }
}

/**
 * Sessions as terminals report them, and what they mean for bookings and usage (issue 20).
 *
 * Each report names the session by the terminal's own sequence number, and (terminal, sequence)
 * is unique: a resent start finds its session, a resent stop finds it stopped and answers the
 * same, a resent batch inserts nothing. A stop is reconciled in its own transaction: inside a
 * booking (matchSession) it completes the booking and writes one usage event (source terminal,
 * keyed by the session, so billing records it once); with no booking it waits for the operator.
 */
@Injectable()
export class TerminalSessionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly auth: TerminalAuth,
    private readonly repository: TerminalsRepository,
    private readonly bookings: BookingsRepository,
    private readonly catalogue: CatalogueClient,
    private readonly config: BookingConfig,
    private readonly holds: FundHoldsService,
  ) {}

  async start(signed: SignedTerminalRequest, dto: TerminalSessionEventDto): Promise<TerminalSessionView> {
    const terminal = await this.auth.verify(signed);
    const known = await this.repository.sessionBySequence(null, terminal.id, dto.sequence);
    if (known) return sessionView(known);
    const at = new Date(dto.at);
    this.checkTime(at, null, new Date());
    const inserted = await this.em.transactional((em) => this.repository.insertSession(em, this.newSession(terminal, dto.sequence, at, null, false)));
    return sessionView(inserted ?? (await this.repository.sessionBySequence(null, terminal.id, dto.sequence)) as SessionRow);
  }

  async heartbeat(signed: SignedTerminalRequest, dto: TerminalSessionEventDto): Promise<TerminalSessionView> {
    const terminal = await this.auth.verify(signed);
    const known = await this.repository.sessionBySequence(null, terminal.id, dto.sequence);
    if (!known) fail('NOT_FOUND', noSuch('终端会话', 'terminal session', String(dto.sequence)));
    if (known.state === 'stopped') return sessionView(known);
    const at = new Date(dto.at);
    this.checkTime(known.started_at, at, new Date());
    return sessionView((await this.repository.heartbeat(terminal.id, dto.sequence, at)) ?? known);
  }

  /** A stop of a session whose start never arrived may carry the start: the session is then made and stopped at once. */
  async stop(signed: SignedTerminalRequest, dto: TerminalSessionEventDto): Promise<TerminalSessionView> {
    const terminal = await this.auth.verify(signed);
    const end = new Date(dto.at);
    const now = new Date();
    const known = await this.repository.sessionBySequence(null, terminal.id, dto.sequence);
    if (known?.state === 'stopped') return sessionView(known);
    if (!known && !dto.start) fail('NOT_FOUND', noSuch('终端会话', 'terminal session', String(dto.sequence)), { hint: 'send start first, or give start with the stop' });
    const start = known?.started_at ?? new Date(dto.start as string);
    this.checkTime(start, end, now);
    return sessionView(await this.settle(terminal, dto.sequence, start, end, now));
  }

  /** Sessions recorded while offline: each taken or refused on its own (a refused one does not hold back the rest). */
  async batch(signed: SignedTerminalRequest, dto: TerminalBatchDto): Promise<TerminalBatchReply> {
    const terminal = await this.auth.verify(signed);
    const now = new Date();
    const reply: TerminalBatchReply = { accepted: [], refused: [] };
    for (const s of [...dto.sessions].sort((x: OfflineSessionDto, y: OfflineSessionDto) => x.sequence - y.sequence)) {
      const start = new Date(s.start);
      const end = new Date(s.end);
      const known = await this.repository.sessionBySequence(null, terminal.id, s.sequence);
      if (known?.state === 'stopped') {
        reply.accepted.push(sessionView(known));
        continue;
      }
      const problem = sessionTimeProblem(known?.started_at ?? start, end, now, this.config.TERMINAL_LATE_DAYS);
      if (problem) {
        reply.refused.push({ sequence: s.sequence, problem, reason: timeRefusal(problem, this.config.TERMINAL_LATE_DAYS) as unknown as string });
        continue;
      }
      reply.accepted.push(sessionView(await this.settle(terminal, s.sequence, known?.started_at ?? start, end, now)));
    }
    return reply;
  }

  async list(actor: Actor | null, query: TerminalSessionListQuery): Promise<Page<TerminalSessionView>> {
    const a = requireActor(actor);
    const scope = institutionScope(a);
    authorize(a, 'terminal-session.read', { institutionId: scope ?? '' });
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter();
    if (scope) filter.and('institution_id = ?', scope);
    if (query.status) filter.and('status = ?', query.status);
    if (query.instrumentId) filter.and('instrument_id = ?', query.instrumentId.toLowerCase());
    const { rows, total } = await this.repository.listSessions(filter, pageSize, offset);
    return { items: rows.map(sessionView), total, page, pageSize };
  }

  /** An unbooked use confirmed by the instrument's staff: whose it was, and one usage record (source terminal). */
  async confirm(actor: Actor | null, id: string, dto: ConfirmTerminalSessionDto): Promise<TerminalSessionView> {
    const { a, session } = await this.pending(actor, id);
    if (!dto.userId && !dto.userEmail) {
      const reason = said('请填写使用人（userId 或 userEmail）', 'say who used the instrument (userId or userEmail)');
      fail('VALIDATION_FAILED', reason, { fields: [{ field: 'userId', reason }] });
    }
    const user = await this.catalogue.affiliation({ userId: dto.userId, email: dto.userEmail });
    const decided = await this.em.transactional(async (em) => {
      const row = await this.repository.decide(em, session.id, { status: 'confirmed', by: a.userId, userId: user.userId, reason: null });
      if (!row) return null;
      const { start, end } = usageInterval(row.started_at, row.ended_at as Date);
      const event: UsageRecordedEvent = {
        bookingId: null, bookingCode: null, source: 'terminal', terminalSessionId: row.id, instrumentId: row.instrument_id, providerInstitutionId: row.institution_id,
        userId: user.userId, userInstitutionId: user.institutionId, serviceMode: dto.serviceMode ?? 'self', serviceCategory: dto.serviceCategory ?? 'research',
        start: start.toISOString(), end: end.toISOString(), samples: null, projectCode: null, voucherId: null, status: 'completed',
      };
      await writeOutbox(em, Events.usageRecorded, event);
      return row;
    });
    return sessionView(decided ?? this.notPending(await this.repository.session(session.id)));
  }

  async reject(actor: Actor | null, id: string, dto: RejectTerminalSessionDto): Promise<TerminalSessionView> {
    const { a, session } = await this.pending(actor, id);
    const decided = await this.em.transactional((em) => this.repository.decide(em, session.id, { status: 'rejected', by: a.userId, userId: null, reason: dto.reason.trim() }));
    return sessionView(decided ?? this.notPending(await this.repository.session(session.id)));
  }

  /**
   * Stops (or makes, stopped) the session and reconciles it, in one transaction under the
   * session's row lock: whoever gets the lock second finds it stopped and changes nothing.
   */
  private async settle(terminal: TerminalRow, sequence: number, start: Date, end: Date, now: Date): Promise<SessionRow> {
    const late = sessionIsLate(end, now);
    return this.em.transactional(async (em) => {
      const locked = await this.repository.sessionBySequence(em, terminal.id, sequence, true);
      if (locked?.state === 'stopped') return locked;
      const stopped = locked
        ? await this.repository.stop(em, locked.id, end, late)
        : await this.repository.insertSession(em, this.newSession(terminal, sequence, start, end, late));
      // Another replica made the same session between our look and our insert: its row is the answer.
      if (!stopped) return (await this.repository.sessionBySequence(em, terminal.id, sequence)) as SessionRow;
      return this.reconcile(em, stopped);
    });
  }

  private async reconcile(em: EntityManager, session: SessionRow): Promise<SessionRow> {
    const start = session.started_at;
    const end = session.ended_at as Date;
    const candidates = await this.bookings.activeOverlapping(em, session.instrument_id, new Date(start.getTime() - GRACE_MS), new Date(end.getTime() + GRACE_MS));
    const match = matchSession({ start, end }, candidates.map((b) => ({ id: b.id, start: b.start_at, end: b.end_at, status: b.status })));
    if (match.kind === 'unbooked') return session;
    const booking = await this.bookings.completeBySession(em, match.bookingId, start, end);
    if (!booking) return session;
    // Paid from the booking's fund account, as a check-out's usage is: settlement then replaces its hold.
    await writeOutbox(em, Events.usageRecorded, { ...this.usageOf(booking, session), ...(await this.holds.payer(em, booking)) });
    return this.repository.markMatched(em, session.id, booking.id);
  }

  private usageOf(row: BookingRow, session: SessionRow): UsageRecordedEvent {
    const { start, end } = usageInterval(row.checked_in_at ?? row.start_at, row.checked_out_at ?? (session.ended_at as Date));
    return {
      bookingId: row.id, bookingCode: row.code, source: 'terminal', terminalSessionId: session.id, instrumentId: row.instrument_id,
      providerInstitutionId: row.provider_institution_id, userId: row.user_id, userInstitutionId: row.user_institution_id, serviceMode: row.service_mode,
      serviceCategory: row.service_category, start: start.toISOString(), end: end.toISOString(), samples: row.samples, projectCode: row.project_code,
      voucherId: row.voucher_id, status: 'completed',
    };
  }

  private newSession(terminal: TerminalRow, sequence: number, start: Date, end: Date | null, late: boolean) {
    return { id: randomUUID(), terminalId: terminal.id, instrumentId: terminal.instrument_id, institutionId: terminal.institution_id, sequence, start, end, late };
  }

  private checkTime(start: Date, end: Date | null, now: Date): void {
    const problem = sessionTimeProblem(start, end, now, this.config.TERMINAL_LATE_DAYS);
    if (!problem) return;
    const message = timeRefusal(problem, this.config.TERMINAL_LATE_DAYS);
    fail('RULE_VIOLATION', message, { rules: [{ rule: `terminal-session-${problem}`, message }] });
  }

  private async pending(actor: Actor | null, id: string): Promise<{ a: Actor; session: SessionRow }> {
    const a = requireActor(actor);
    const missing = noSuch('终端会话', 'terminal session', id);
    const session = UUID_PATTERN.test(id) ? await this.repository.session(id.toLowerCase()) : null;
    if (!session || !can(a, 'terminal-session.read', { institutionId: session.institution_id })) fail('NOT_FOUND', missing);
    authorize(a, 'terminal-session.decide', { institutionId: session.institution_id });
    if (session.status !== 'pending') this.notPending(session);
    return { a, session };
  }

  private notPending(session: SessionRow | null): never {
    fail('ILLEGAL_TRANSITION', said(`该终端会话当前状态为 ${session?.status ?? '未知'}，只有待确认的未预约使用可以确认或驳回`,
      `the terminal session is ${session?.status ?? 'unknown'}; only a pending unbooked use can be confirmed or rejected`), { status: session?.status ?? null });
  }
}

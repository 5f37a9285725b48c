import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import {
  Actor, BookingContext, BookingListQuery, BookingView, CreateBookingDto, Events, Page, pageWindow,
} from '@yixiang/contracts';
import { authorize, can, fail, PG_EXCLUSION_VIOLATION, pgCode, requireActor, retryOnDeadlock, SqlFilter } from '@yixiang/common';
import { bookingViolations, instrumentRefusal } from '@yixiang/domain/booking';
import { CatalogueClient } from '../shared/catalogue.client';
import { failWithConflict } from '../shared/conflict';
import { BookingRow, bookingView, NewBooking, newCode } from '../shared/booking.rows';
import { OccupancyRepository } from '../shared/occupancy.repository';
import { writeOutbox } from '../outbox/outbox.writer';
import { BookingInserts } from './booking-inserts';
import { requestedEvent } from './booking-events';
import { SuspensionsService } from '../policy/suspensions.service';
import { BookingsRepository } from './bookings.repository';
import { FundHoldsService } from '../funds/fund-holds.service';
import { UUID_PATTERN, said, noSuch, joinSaid, needsPiApproval } from '@yixiang/domain';


/** Raised inside the transaction when a concurrent request with the same Idempotency-Key won. */
class IdempotentReplay extends Error {}

@Injectable()
export class BookingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly bookings: BookingsRepository,
    private readonly occupancy: OccupancyRepository,
    private readonly catalogue: CatalogueClient,
    private readonly inserts: BookingInserts,
    private readonly suspensions: SuspensionsService,
    private readonly holds: FundHoldsService,
  ) {}

  async create(actor: Actor | null, dto: CreateBookingDto, idempotencyKey?: string): Promise<BookingView> {
    const a = requireActor(actor);
    authorize(a, 'booking.create', { institutionId: a.institutionId });
    // What a retry with the same Idempotency-Key must repeat; only a keyed request needs it.
    const requestHash = idempotencyKey ? createHash('sha256').update(JSON.stringify(Object.entries(dto).sort(([x], [y]) => x.localeCompare(y)))).digest('hex') : '';
    if (idempotencyKey) {
      const replay = await this.replay(a.userId, idempotencyKey, requestHash);
      if (replay) return replay;
    }
    const start = new Date(dto.start);
    const end = new Date(dto.end);
    const instrument = await this.catalogue.context(dto.instrumentId);
    this.checkInstrument(a, instrument, dto);
    await this.suspensions.refuseIfSuspended(a.userId, instrument.institutionId);
    const violations = bookingViolations({ start, end, now: new Date(), rules: instrument.bookingRules, weekly: instrument.weekly, timeZone: instrument.timezone });
    if (violations.length) {
      fail('RULE_VIOLATION', joinSaid(violations.map((v) => v.message)), { rules: violations });
    }
    if (instrument.bookingRules.qualificationRequired && dto.serviceMode === 'self') {
      const { qualified, validTo } = await this.catalogue.qualified(a.userId, instrument.instrumentId, end);
      if (!qualified) {
        const message = validTo
          ? said(`您的 ${instrument.code} 上机资格于 ${validTo} 到期，早于本次预约结束；请联系仪器操作员续期`, `your qualification for ${instrument.code} ends ${validTo}, before this booking ends; ask the instrument's operator to renew it`)
          : said(`自行操作 ${instrument.code} 需要操作员授予的上机资格；请改约协助操作或送样检测`, `running ${instrument.code} yourself needs a qualification from its operator; book assisted time or sample submission instead`);
        fail('RULE_VIOLATION', message, { rules: [{ rule: 'qualification', message }] });
      }
    }
    // Issue 18: the booker must belong to the account's group; the estimate is held when the booking is approved.
    const account = dto.fundAccountId ? await this.holds.usable(a, dto.fundAccountId) : null;
    const id = randomUUID();
    const booking: NewBooking = {
      id, code: newCode('BK', id), instrumentId: instrument.instrumentId, providerInstitutionId: instrument.institutionId, userId: a.userId,
      userInstitutionId: a.institutionId as string /* booking.create: the booker's institution */, serviceMode: dto.serviceMode, serviceCategory: dto.serviceCategory ?? 'research', purpose: dto.purpose.trim(),
      projectCode: dto.projectCode ?? null, voucherId: dto.voucherId ?? null, samples: dto.samples ?? null,
      status: instrument.bookingRules.approvalRequired ? 'requested' : 'approved', start, end, fundAccountId: account?.id ?? null,
    };
    const estimate = account ? await this.holds.estimate(booking) : 0n;
    // A member's booking above the account's threshold waits for the PI first: requested, holding
    // nothing; the instrument's approvers hear of it once the PI approved (PiApprovalsService).
    if (account && needsPiApproval(estimate, account.pi_approval_above_fen === null ? null : BigInt(account.pi_approval_above_fen), a.userId === account.pi_user_id)) {
      booking.status = 'requested';
      booking.piApproval = 'pending';
    } else if (booking.status === 'requested') booking.requestedEvent = requestedEvent(booking, instrument);
    // Awaiting approval: told now what the account would refuse; the binding check is the approval's.
    if (account && booking.status === 'requested') this.holds.refuseEarly(account, estimate, start);
    if (!idempotencyKey && !account) {
      const row = await this.inserts.insert(booking);
      return row ? bookingView(row) : failWithConflict(this.occupancy, instrument.instrumentId, start, end);
    }
    try {
      // The key is stored in the same transaction as the booking, so a retry finds either both or neither.
      // Two simultaneous overlapping inserts can deadlock on the exclusion constraint: see retryOnDeadlock.
      // A booking paid from a fund account and approved at once holds its estimate in the same
      // transaction, after the row went in (booking row, then account row: the order every hold takes).
      const row = await retryOnDeadlock(() => this.em.transactional(async (em) => {
        let inserted = await this.bookings.insert(em, booking);
        if (booking.requestedEvent) await writeOutbox(em, Events.bookingRequested, booking.requestedEvent);
        if (account && booking.status === 'approved') inserted = await this.holds.take(em, inserted, estimate);
        if (idempotencyKey && !(await this.bookings.keepIdempotencyKey(em, a.userId, idempotencyKey, requestHash, id))) throw new IdempotentReplay();
        return inserted;
      }));
      return bookingView(row);
    } catch (error) {
      if (idempotencyKey && error instanceof IdempotentReplay) return (await this.replay(a.userId, idempotencyKey, requestHash)) as BookingView;
      if (pgCode(error) === PG_EXCLUSION_VIOLATION) {
        // A concurrent twin with the same key committed first: its booking is this request's answer.
        return (idempotencyKey ? await this.replay(a.userId, idempotencyKey, requestHash) : null) ?? failWithConflict(this.occupancy, instrument.instrumentId, start, end);
      }
      throw error;
    }
  }

  async get(actor: Actor | null, id: string): Promise<BookingView> {
    const a = requireActor(actor);
    const row = await this.load(id);
    if (!(await this.canSee(a, row))) fail('NOT_FOUND', noSuch('预约', 'booking', id));
    return bookingView(row);
  }

  /** Researchers see their own bookings; institution staff those of their instruments and their people; the bureau all. */
  async list(actor: Actor | null, query: BookingListQuery): Promise<Page<BookingView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter().and(`kind = 'booking'`).scopedTo(a, { provider: 'provider_institution_id', client: 'user_institution_id', user: 'user_id' }, await this.catalogue.regions.scopeOf(a));
    if (query.instrumentId) {
      const instrumentId = UUID_PATTERN.test(query.instrumentId) ? query.instrumentId.toLowerCase() : (await this.catalogue.context(query.instrumentId)).instrumentId;
      filter.and('instrument_id = ?', instrumentId);
    }
    if (query.status) filter.and('status = ?', query.status);
    if (query.from) filter.and('end_at > ?', new Date(query.from));
    if (query.to) filter.and('start_at < ?', new Date(query.to));
    const { rows, total } = await this.bookings.list(filter, pageSize, offset);
    return { items: rows.map(bookingView), total, page, pageSize };
  }

  async load(id: string): Promise<BookingRow> {
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', noSuch('预约', 'booking', id));
    const row = await this.bookings.find(id);
    if (!row) fail('NOT_FOUND', noSuch('预约', 'booking', id));
    return row;
  }

  async canSee(actor: Actor, row: BookingRow): Promise<boolean> {
    const regions = await this.catalogue.regions.parties(actor, row.provider_institution_id, row.user_institution_id);
    return can(actor, 'booking.read', { providerInstitutionId: row.provider_institution_id, userInstitutionId: row.user_institution_id, userId: row.user_id, ...regions });
  }

  private async replay(userId: string, key: string, requestHash: string): Promise<BookingView | null> {
    const kept = await this.bookings.idempotencyKey(userId, key);
    if (!kept) return null;
    if (kept.requestHash !== requestHash) {
      fail('CONFLICT', said('该幂等键（Idempotency-Key）已用于另一个预约请求，新请求请使用新的键', 'this Idempotency-Key was already used for a different booking request; use a new key for a new request'), {
        fields: [{ field: 'Idempotency-Key', reason: said('已用于内容不同的请求', 'reused with a different body') }],
      });
    }
    return bookingView(await this.load(kept.bookingId));
  }

  checkInstrument(actor: Actor, instrument: BookingContext, dto: CreateBookingDto): void {
    const refusal = instrumentRefusal(instrument, actor.institutionId, dto.serviceMode, new Date().toISOString().slice(0, 10));
    if (refusal === 'hidden') fail('NOT_FOUND', noSuch('仪器', 'instrument', dto.instrumentId));
    if (refusal) fail('RULE_VIOLATION', refusal.message, { rules: [refusal] });
  }
}

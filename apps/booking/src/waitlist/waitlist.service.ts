import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, BookingView, Events, JoinWaitlistDto, Page, pageWindow, WaitlistEntryView, WaitlistQuery } from '@yixiang/contracts';
import { authorize, fail, requireActor } from '@yixiang/common';
import { UUID_PATTERN, said, noSuch } from '@yixiang/domain';
import { BookingsService } from '../bookings/bookings.service';
import { EventInstrument } from '../bookings/booking-events';
import { BookingConfig } from '../config';
import { writeOutbox } from '../outbox/outbox.writer';
import { CatalogueClient } from '../shared/catalogue.client';
import { OccupancyRepository } from '../shared/occupancy.repository';
import { WaitlistRepository, WaitlistRow } from './waitlist.repository';

const MINUTE_MS = 60_000;

function view(r: WaitlistRow): WaitlistEntryView {
  return {
    id: r.id, userId: r.user_id, instrumentId: r.instrument_id, start: r.start_at.toISOString(), end: r.end_at.toISOString(), serviceMode: r.service_mode,
    purpose: r.purpose, status: r.status, position: r.position ?? null, expiresAt: r.status === 'offered' && r.expires_at ? r.expires_at.toISOString() : null,
    bookingId: r.booking_id, createdAt: r.created_at.toISOString(),
  };
}

/**
 * The waiting list: a researcher waits for a taken slot; when a booking over it is cancelled or
 * rejected, the first waiting user whose slot is now free is offered it for WAITLIST_OFFER_MINUTES
 * (default 2 hours), in the transaction of the cancellation; the sweep expires offers and offers
 * the next. An offer does not hold the slot: accepting books it under every usual rule, so
 * someone who books it first directly wins (the accept is then a 409 naming them).
 */
@Injectable()
export class WaitlistService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: WaitlistRepository,
    private readonly occupancy: OccupancyRepository,
    private readonly catalogue: CatalogueClient,
    private readonly config: BookingConfig,
    private readonly bookings: BookingsService,
  ) {}

  async join(actor: Actor | null, dto: JoinWaitlistDto): Promise<WaitlistEntryView> {
    const a = requireActor(actor);
    authorize(a, 'booking.create', { institutionId: a.institutionId });
    const instrument = await this.catalogue.context(dto.instrumentId);
    if (instrument.sharingStatus !== 'open' && instrument.institutionId !== a.institutionId) fail('NOT_FOUND', noSuch('仪器', 'instrument', dto.instrumentId));
    const start = new Date(dto.start);
    const end = new Date(dto.end);
    if (!(end > start)) fail('VALIDATION_FAILED', said('结束时间必须晚于开始时间', 'end must be after start'), { fields: [{ field: 'end', reason: said('结束时间必须晚于开始时间', 'end must be after start') }] });
    if (start <= new Date()) fail('RULE_VIOLATION', said('不能候补已开始的时段', 'the slot has already started'), { rules: [{ rule: 'waitlist-past', message: said('该时段已开始', 'the slot has already started') }] });
    if (!(await this.occupancy.firstOverlap(instrument.instrumentId, start, end))) {
      fail('RULE_VIOLATION', said('该时段空闲，请直接预约', 'the slot is free: book it directly'), { rules: [{ rule: 'waitlist-slot-free', message: said('该时段空闲', 'the slot is free') }] });
    }
    const row = await this.repository.insert({
      id: randomUUID(), user_id: a.userId, user_institution_id: a.institutionId as string, instrument_id: instrument.instrumentId,
      provider_institution_id: instrument.institutionId, start_at: start, end_at: end, service_mode: dto.serviceMode ?? 'self', purpose: (dto.purpose ?? '候补预约').trim(),
    });
    if (!row) fail('DUPLICATE', said('您已在该时段的候补名单中', 'you are already waiting for this slot'));
    return view((await this.repository.find(row.id)) as WaitlistRow);
  }

  async list(actor: Actor | null, query: WaitlistQuery): Promise<Page<WaitlistEntryView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const { rows, total } = await this.repository.listOwn(a.userId, query.status, pageSize, offset);
    return { items: rows.map(view), total, page, pageSize };
  }

  async withdraw(actor: Actor | null, id: string): Promise<WaitlistEntryView> {
    const entry = await this.own(actor, id);
    const row = await this.em.transactional(async (em) => {
      const changed = await this.repository.change(em, entry.id, ['waiting', 'offered'], 'withdrawn');
      // A withdrawn offer passes to the next in line at once.
      if (changed && entry.status === 'offered') {
        await this.offerFreed(em, entry.instrument_id, entry.start_at, entry.end_at, new Date(), await this.catalogue.context(entry.instrument_id));
      }
      return changed;
    });
    if (!row) fail('ILLEGAL_TRANSITION', said(`候补 ${id} 当前状态为 ${entry.status}，不能撤回`, `waiting-list entry ${id} is ${entry.status}; it cannot be withdrawn`), { status: entry.status });
    return view(row);
  }

  /** Books an offered slot under the usual rules; the entry is claimed first, so two accepts book once. */
  async accept(actor: Actor | null, id: string): Promise<BookingView> {
    const a = requireActor(actor);
    const entry = await this.own(a, id);
    if (entry.status !== 'offered' || !entry.expires_at || entry.expires_at <= new Date()) {
      fail('ILLEGAL_TRANSITION', said(`候补 ${id} 没有可接受的空位（${entry.status === 'offered' ? '已过期' : entry.status}）`, `waiting-list entry ${id} has no open offer (it is ${entry.status === 'offered' ? 'expired' : entry.status})`), { status: entry.status });
    }
    const claimed = await this.repository.change(null, entry.id, ['offered'], 'accepted');
    if (!claimed) fail('ILLEGAL_TRANSITION', said(`候补 ${id} 没有可接受的空位`, `waiting-list entry ${id} has no open offer`), { status: entry.status });
    try {
      const booking = await this.bookings.create(a, {
        instrumentId: entry.instrument_id, start: entry.start_at.toISOString(), end: entry.end_at.toISOString(), serviceMode: entry.service_mode, purpose: entry.purpose,
      });
      await this.repository.change(null, entry.id, ['accepted'], 'accepted', booking.id);
      return booking;
    } catch (error) {
      await this.repository.change(null, entry.id, ['accepted'], 'offered');
      throw error;
    }
  }

  /**
   * A slot of the instrument was freed ([start, end) of a cancelled or rejected booking, or an
   * expired offer): offers it to the first waiting user whose slot is now free, in the caller's transaction.
   */
  async offerFreed(em: EntityManager, instrumentId: string, start: Date, end: Date, now: Date, instrument: EventInstrument): Promise<WaitlistRow | null> {
    await this.repository.lockInstrument(em, instrumentId);
    const next = await this.repository.firstOfferable(em, instrumentId, start, end, now);
    if (!next) return null;
    const expiresAt = new Date(now.getTime() + this.config.WAITLIST_OFFER_MINUTES * MINUTE_MS);
    const offered = await this.repository.offer(em, next.id, now, expiresAt);
    if (!offered) return null;
    await writeOutbox(em, Events.waitlistOffered, {
      eventId: randomUUID(), occurredAt: now.toISOString(), entryId: offered.id, userId: offered.user_id, instrumentId, instrumentCode: instrument.code,
      instrumentName: instrument.name, providerInstitutionId: offered.provider_institution_id, start: offered.start_at.toISOString(), end: offered.end_at.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    return offered;
  }

  /** The sweep's part: expire the offers that ran out by `now` and offer each slot to the next in line. */
  async expireOffers(now: Date): Promise<{ expired: number; offered: number }> {
    return this.em.fork().transactional(async (em) => {
      const expired = await this.repository.expireOffers(em, now, 200);
      let offered = 0;
      for (const e of expired) {
        if (await this.offerFreed(em, e.instrument_id, e.start_at, e.end_at, now, await this.catalogue.context(e.instrument_id))) offered++;
      }
      return { expired: expired.length, offered };
    });
  }

  private async own(actor: Actor | null, id: string): Promise<WaitlistRow> {
    const a = requireActor(actor);
    const entry = UUID_PATTERN.test(id) ? await this.repository.find(id) : null;
    if (!entry || entry.user_id !== a.userId) fail('NOT_FOUND', noSuch('候补', 'waiting-list entry', id));
    return entry;
  }
}

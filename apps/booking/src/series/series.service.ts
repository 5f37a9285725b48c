import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Actor, CancelSeriesDto, CreateSeriesDto, Events, SeriesCancelledView, SeriesView, SkippedOccurrenceView,
} from '@yixiang/contracts';
import { authorize, can, fail, requireActor, retryOnDeadlock } from '@yixiang/common';
import { UUID_PATTERN, said, noSuch, joinSaid, beijingInstantText } from '@yixiang/domain';
import { bookingViolations, cancelViolation, expandSeries } from '@yixiang/domain/booking';
import { bookingEventBase, requestedEvent } from '../bookings/booking-events';
import { BookingsRepository } from '../bookings/bookings.repository';
import { BookingsService } from '../bookings/bookings.service';
import { writeOutbox } from '../outbox/outbox.writer';
import { SuspensionsService } from '../policy/suspensions.service';
import { CatalogueClient } from '../shared/catalogue.client';
import { BookingRow, bookingView, NewBooking, newCode } from '../shared/booking.rows';
import { OccupancyRepository } from '../shared/occupancy.repository';
import { WaitlistService } from '../waitlist/waitlist.service';

/** Raised inside the transaction to roll an all-or-nothing series back. */
class SeriesRefused extends Error {
  constructor(readonly skipped: SkippedOccurrenceView[]) {
    super('series refused');
  }
}

/**
 * Recurring bookings: an RRULE expanded in the instrument's time zone (libs/domain expandSeries)
 * into occurrences that each pass every rule of a single booking and go through the exclusion
 * constraint, all in one transaction. all-or-nothing: any occurrence refused rolls the whole series
 * back (409/422 listing them); skip-conflicts: the rest are booked and the reply lists what was
 * skipped and why. Each occurrence is an ordinary booking (cancelled alone with the usual cancel)
 * that carries its series id.
 */
@Injectable()
export class SeriesService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: BookingsRepository,
    private readonly bookings: BookingsService,
    private readonly occupancy: OccupancyRepository,
    private readonly catalogue: CatalogueClient,
    private readonly suspensions: SuspensionsService,
    private readonly waitlist: WaitlistService,
  ) {}

  async create(actor: Actor | null, dto: CreateSeriesDto): Promise<SeriesView> {
    const a = requireActor(actor);
    authorize(a, 'booking.create', { institutionId: a.institutionId });
    const instrument = await this.catalogue.context(dto.instrumentId);
    this.bookings.checkInstrument(a, instrument, { ...dto });
    await this.suspensions.refuseIfSuspended(a.userId, instrument.institutionId);
    const expansion = expandSeries({ start: new Date(dto.start), end: new Date(dto.end), rrule: dto.rrule, timeZone: instrument.timezone });
    if (!expansion.ok) fail('VALIDATION_FAILED', expansion.problem, { fields: [{ field: 'rrule', reason: expansion.problem }] });
    const now = new Date();
    const skipped: SkippedOccurrenceView[] = [];
    const allowed = expansion.occurrences.filter((o) => {
      const broken = bookingViolations({ start: o.start, end: o.end, now, rules: instrument.bookingRules, weekly: instrument.weekly, timeZone: instrument.timezone });
      if (broken.length) skipped.push({ start: o.start.toISOString(), end: o.end.toISOString(), code: broken[0].rule, reason: joinSaid(broken.map((v) => v.message)) as unknown as string });
      return broken.length === 0;
    });
    if (dto.mode === 'all-or-nothing' && skipped.length) {
      fail('RULE_VIOLATION', said(`${expansion.occurrences.length} 次中有 ${skipped.length} 次不符合仪器的预约规则，未预约任何时段`, `${skipped.length} of ${expansion.occurrences.length} occurrences break the instrument's rules; nothing was booked`), { skipped });
    }
    if (instrument.bookingRules.qualificationRequired && dto.serviceMode === 'self' && allowed.length) {
      const lastEnd = allowed[allowed.length - 1].end;
      const { qualified } = await this.catalogue.qualified(a.userId, instrument.instrumentId, lastEnd);
      if (!qualified) fail('RULE_VIOLATION', said(`自行操作 ${instrument.code} 需要在整个重复预约期间有效的上机资格`, `running ${instrument.code} yourself needs a qualification valid until the series ends`), { rules: [{ rule: 'qualification', message: said('没有上机资格，或资格在重复预约结束前到期', 'qualification missing or ending before the series') }] });
    }
    const seriesId = randomUUID();
    const status = instrument.bookingRules.approvalRequired ? 'requested' : 'approved';
    try {
      const booked = await retryOnDeadlock(() => this.em.transactional(async (em) => {
        const conflicts: SkippedOccurrenceView[] = [];
        await this.repository.insertSeries(em, {
          id: seriesId, code: newCode('SR', seriesId), instrumentId: instrument.instrumentId, providerInstitutionId: instrument.institutionId, userId: a.userId,
          userInstitutionId: a.institutionId as string, rrule: dto.rrule, mode: dto.mode, start: new Date(dto.start), end: new Date(dto.end),
        });
        const rows: BookingRow[] = [];
        for (const o of allowed) {
          const id = randomUUID();
          const booking: NewBooking = {
            id, code: newCode('BK', id), instrumentId: instrument.instrumentId, providerInstitutionId: instrument.institutionId, userId: a.userId,
            userInstitutionId: a.institutionId as string, serviceMode: dto.serviceMode, serviceCategory: dto.serviceCategory ?? 'research', purpose: dto.purpose.trim(),
            projectCode: dto.projectCode ?? null, voucherId: null, samples: null, status, start: o.start, end: o.end,
          };
          const row = await this.repository.insertIfFree(em, booking, seriesId);
          if (!row) {
            const hit = await this.occupancy.firstOverlap(instrument.instrumentId, o.start, o.end);
            conflicts.push({
              start: o.start.toISOString(), end: o.end.toISOString(), code: 'BOOKING_CONFLICT',
              // Both languages (a Said, as the gateway localizes the reply): the view's type names the one it sends.
              reason: (hit
                ? said(`${hit.kind === 'blackout' ? '仪器维护' : `预约 ${hit.code}`}：${beijingInstantText(hit.start)!.zh} 至 ${beijingInstantText(hit.end)!.zh}`,
                  `${hit.kind === 'blackout' ? 'a maintenance blackout' : `booking ${hit.code}`} from ${hit.start.toISOString()} to ${hit.end.toISOString()}`)
                : said('其他预约', 'another booking')) as unknown as string,
            });
            continue;
          }
          if (status === 'requested') await writeOutbox(em, Events.bookingRequested, requestedEvent(booking, instrument));
          rows.push(row);
        }
        if (dto.mode === 'all-or-nothing' && conflicts.length) throw new SeriesRefused(conflicts);
        if (rows.length === 0) throw new SeriesRefused([...skipped, ...conflicts]);
        skipped.push(...conflicts);
        return rows;
      }));
      skipped.sort((x, y) => x.start.localeCompare(y.start));
      return { id: seriesId, code: newCode('SR', seriesId), instrumentId: instrument.instrumentId, rrule: dto.rrule, mode: dto.mode, booked: booked.map(bookingView), skipped };
    } catch (error) {
      if (error instanceof SeriesRefused) {
        fail('BOOKING_CONFLICT', said(`有 ${error.skipped.length} 次时段已被占用或在停机维护中，未预约任何时段`, `${error.skipped.length} occurrence(s) are taken or under maintenance; nothing was booked`), { skipped: error.skipped });
      }
      throw error;
    }
  }

  /** Cancels the series' occurrences from `from` on (default now); whoever booked only those still before the cancellation deadline. */
  async cancelRest(actor: Actor | null, id: string, dto: CancelSeriesDto): Promise<SeriesCancelledView> {
    const a = requireActor(actor);
    const series = UUID_PATTERN.test(id) ? await this.repository.findSeries(id) : null;
    const object = series ? { providerInstitutionId: series.provider_institution_id, userId: series.user_id } : null;
    const regions = series ? await this.catalogue.regions.parties(a, series.provider_institution_id, series.user_institution_id) : null;
    if (!series || !object || !regions || !can(a, 'booking.read', { ...object, userInstitutionId: series.user_institution_id, ...regions })) {
      fail('NOT_FOUND', noSuch('重复预约', 'series', id));
    }
    authorize(a, 'booking.cancel', object);
    const staff = can(a, 'booking.manage', object);
    const instrument = await this.catalogue.context(series.instrument_id);
    const now = new Date();
    const from = dto.from ? new Date(dto.from) : now;
    const reason = dto.reason ?? null;
    const cancelled = await this.em.transactional(async (em) => {
      const out: BookingRow[] = [];
      for (const b of await this.repository.seriesFrom(em, series.id, from)) {
        if (!staff && b.status === 'approved' && cancelViolation({ start: b.start_at, now, rules: instrument.bookingRules })) continue;
        const row = await this.repository.changeStatus(em, b.id, { from: ['requested', 'approved'], to: 'cancelled', checkIn: false, checkOut: false, reason });
        if (!row) continue;
        await writeOutbox(em, Events.bookingCancelled, { ...bookingEventBase(row, instrument, now), cancelledBy: a.userId === row.user_id ? 'user' : 'institution', reason });
        await this.waitlist.offerFreed(em, row.instrument_id, row.start_at, row.end_at, now, instrument);
        out.push(row);
      }
      return out;
    });
    return { seriesId: series.id, cancelled: cancelled.map(bookingView) };
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, BlackoutConflictsQuery, BlackoutConflictView, BlackoutView, BookingContext, CreateBlackoutDto, Events } from '@yixiang/contracts';
import { InstrumentObject, UUID_PATTERN, said, noSuch } from '@yixiang/domain';
import { authorize, fail, PG_EXCLUSION_VIOLATION, pgCode, requireActor, retryOnDeadlock } from '@yixiang/common';
import { bookingEventBase } from '../bookings/booking-events';
import { BookingsRepository } from '../bookings/bookings.repository';
import { writeOutbox } from '../outbox/outbox.writer';
import { CatalogueClient } from '../shared/catalogue.client';
import { failWithConflict } from '../shared/conflict';
import { blackoutView, BookingRow, newCode } from '../shared/booking.rows';
import { OccupancyRepository } from '../shared/occupancy.repository';
import { BlackoutsRepository } from './blackouts.repository';

const instrumentObject = (i: BookingContext): InstrumentObject => ({ institutionId: i.institutionId, sharingStatus: i.sharingStatus });

const conflictView = (r: BookingRow): BlackoutConflictView => ({
  bookingId: r.id, code: r.code, status: r.status, userId: r.user_id, start: r.start_at.toISOString(), end: r.end_at.toISOString(),
});

/**
 * Maintenance windows live beside bookings (same table, same exclusion constraint): a blackout
 * over active bookings is refused with those bookings listed (409), unless the admin asks to cancel
 * them (`cancelConflicting`): then, in one transaction, each is cancelled with the window's reason
 * (booking.booking.cancelled, cancelledBy institution, and booking.blackout.conflicted) and the
 * window stored. A booking in use is never cancelled by a window.
 */
@Injectable()
export class BlackoutsService {
  constructor(
    private readonly em: EntityManager,
    private readonly blackouts: BlackoutsRepository,
    private readonly bookings: BookingsRepository,
    private readonly occupancy: OccupancyRepository,
    private readonly catalogue: CatalogueClient,
  ) {}

  async list(actor: Actor | null, instrumentRef: string): Promise<BlackoutView[]> {
    requireActor(actor);
    const instrument = await this.catalogue.context(instrumentRef);
    // Windows and their reasons are as visible as the instrument: another institution's internal instrument does not exist for its outsiders.
    authorize(actor, 'blackout.read', instrumentObject(instrument), noSuch('仪器', 'instrument', instrumentRef));
    return (await this.blackouts.active(instrument.instrumentId)).map(blackoutView);
  }

  /** The bookings a window over [start, end) would cover (for the admin, before adding it). */
  async conflicts(actor: Actor | null, instrumentRef: string, query: BlackoutConflictsQuery): Promise<BlackoutConflictView[]> {
    requireActor(actor);
    const instrument = await this.catalogue.context(instrumentRef);
    authorize(actor, 'blackout.write', instrumentObject(instrument), noSuch('仪器', 'instrument', instrumentRef));
    const { start, end } = this.interval(query);
    return (await this.blackouts.overlappingBookings(null, instrument.instrumentId, start, end)).map(conflictView);
  }

  async create(actor: Actor | null, instrumentRef: string, dto: CreateBlackoutDto): Promise<BlackoutView> {
    requireActor(actor);
    const instrument = await this.catalogue.context(instrumentRef);
    const a = authorize(actor, 'blackout.write', instrumentObject(instrument), noSuch('仪器', 'instrument', instrumentRef));
    const { start, end } = this.interval(dto);
    const id = randomUUID();
    const reason = dto.reason.trim();
    const blackout = { id, code: newCode('BO', id), instrumentId: instrument.instrumentId, providerInstitutionId: instrument.institutionId, start, end, reason, createdBy: a.userId };
    try {
      if (!dto.cancelConflicting) return blackoutView(await this.blackouts.insert(blackout));
      return await retryOnDeadlock(() => this.em.transactional(async (em) => {
        const covered = await this.blackouts.overlappingBookings(em, instrument.instrumentId, start, end);
        const inUse = covered.filter((b) => b.status === 'in_use');
        if (inUse.length) {
          fail('BOOKING_CONFLICT', said(`预约 ${inUse[0].code} 在该时段正在使用中，请先办理结束使用再添加停机时段`, `booking ${inUse[0].code} is in use during that time; check it out before adding the window`), { conflicts: inUse.map(conflictView) });
        }
        const now = new Date();
        const cancelled: string[] = [];
        for (const b of covered) {
          const row = await this.bookings.changeStatus(em, b.id, { from: ['requested', 'approved'], to: 'cancelled', checkIn: false, checkOut: false, reason: `仪器维护：${reason}` });
          if (!row) continue;
          cancelled.push(row.id);
          const base = () => bookingEventBase(row, instrument, now);
          await writeOutbox(em, Events.bookingCancelled, { ...base(), cancelledBy: 'institution', reason: `仪器维护：${reason}` });
          await writeOutbox(em, Events.blackoutConflicted, {
            ...base(), blackoutId: id, blackoutStart: start.toISOString(), blackoutEnd: end.toISOString(), reason, cancelled: true,
          });
        }
        return { ...blackoutView(await this.blackouts.insert(blackout, em)), cancelledBookingIds: cancelled };
      }));
    } catch (error) {
      if (pgCode(error) === PG_EXCLUSION_VIOLATION) {
        const covered = await this.blackouts.overlappingBookings(null, instrument.instrumentId, start, end);
        if (covered.length && !dto.cancelConflicting) {
          fail('BOOKING_CONFLICT', said(`该时段有 ${covered.length} 个预约（${covered.map((c) => c.code).join('、')}）：可先查看冲突的预约，或选择取消冲突预约并填写原因`, `the window covers ${covered.length} booking(s) (${covered.map((c) => c.code).join(', ')}): list them with GET …/blackouts/conflicts, or send cancelConflicting: true with a reason to cancel them`), {
            conflicts: covered.map(conflictView),
          });
        }
        return failWithConflict(this.occupancy, instrument.instrumentId, start, end);
      }
      throw error;
    }
  }

  async remove(actor: Actor | null, instrumentRef: string, blackoutId: string): Promise<{ deleted: true }> {
    requireActor(actor);
    const instrument = await this.catalogue.context(instrumentRef);
    authorize(actor, 'blackout.write', instrumentObject(instrument), noSuch('仪器', 'instrument', instrumentRef));
    if (!UUID_PATTERN.test(blackoutId)) fail('NOT_FOUND', noSuch('停机时段', 'blackout', blackoutId));
    if (!(await this.blackouts.remove(blackoutId, instrument.instrumentId))) fail('NOT_FOUND', said(`仪器 ${instrument.code} 没有停机时段 ${blackoutId}`, `blackout ${blackoutId} does not exist on instrument ${instrument.code}`));
    return { deleted: true };
  }

  private interval(q: { start: string; end: string }): { start: Date; end: Date } {
    const start = new Date(q.start);
    const end = new Date(q.end);
    if (!(end > start)) fail('VALIDATION_FAILED', said('结束时间必须晚于开始时间', 'end must be after start'), { fields: [{ field: 'end', reason: said('结束时间必须晚于开始时间', 'end must be after start') }] });
    return { start, end };
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, BlackoutView, BookingContext, CreateBlackoutDto } from '@yixiang/contracts';
import { InstrumentObject, UUID_PATTERN } from '@yixiang/domain';
import { authorize, fail, PG_EXCLUSION_VIOLATION, pgCode, requireActor, retryOnDeadlock } from '@yixiang/common';
import { CatalogueClient } from '../shared/catalogue.client';
import { failWithConflict } from '../shared/conflict';
import { asBookingRows, BOOKING_COLUMNS, BookingRow, blackoutView, newCode } from '../shared/rows';

const instrumentObject = (i: BookingContext): InstrumentObject => ({ institutionId: i.institutionId, sharingStatus: i.sharingStatus });

/**
 * Maintenance windows live beside bookings (same table, same exclusion constraint): a blackout
 * over an active booking is refused with the booking named, so the institution cancels that
 * booking first, knowingly, instead of a researcher finding out at the door.
 */
@Injectable()
export class BlackoutsService {
  constructor(
    private readonly em: EntityManager,
    private readonly catalogue: CatalogueClient,
  ) {}

  async list(actor: Actor | null, instrumentRef: string): Promise<BlackoutView[]> {
    requireActor(actor);
    const instrument = await this.catalogue.context(instrumentRef);
    // Windows and their reasons are as visible as the instrument: another institution's internal instrument does not exist for its outsiders.
    authorize(actor, 'blackout.read', instrumentObject(instrument), `instrument ${instrumentRef} does not exist`);
    const rows = asBookingRows(await this.em.getConnection().execute<BookingRow[]>(
      `select ${BOOKING_COLUMNS} from booking.booking where instrument_id = ? and kind = 'blackout' and status = 'active' order by start_at`, [instrument.instrumentId]));
    return rows.map(blackoutView);
  }

  async create(actor: Actor | null, instrumentRef: string, dto: CreateBlackoutDto): Promise<BlackoutView> {
    requireActor(actor);
    const instrument = await this.catalogue.context(instrumentRef);
    const a = authorize(actor, 'blackout.write', instrumentObject(instrument), `instrument ${instrumentRef} does not exist`);
    const start = new Date(dto.start);
    const end = new Date(dto.end);
    if (!(end > start)) fail('VALIDATION_FAILED', 'end must be after start', { fields: [{ field: 'end', reason: 'end must be after start' }] });
    const id = randomUUID();
    try {
      const [row] = asBookingRows(await retryOnDeadlock(() => this.em.getConnection().execute<BookingRow[]>(
        `insert into booking.booking (id, code, kind, instrument_id, provider_institution_id, status, start_at, end_at, reason, created_by)
         values (?, ?, 'blackout', ?, ?, 'active', ?, ?, ?, ?) returning ${BOOKING_COLUMNS}`,
        [id, newCode('BO', id), instrument.instrumentId, instrument.institutionId, start, end, dto.reason.trim(), a.userId])));
      return blackoutView(row);
    } catch (error) {
      if (pgCode(error) === PG_EXCLUSION_VIOLATION) return failWithConflict(this.em, instrument.instrumentId, start, end);
      throw error;
    }
  }

  async remove(actor: Actor | null, instrumentRef: string, blackoutId: string): Promise<{ deleted: true }> {
    requireActor(actor);
    const instrument = await this.catalogue.context(instrumentRef);
    authorize(actor, 'blackout.write', instrumentObject(instrument), `instrument ${instrumentRef} does not exist`);
    if (!UUID_PATTERN.test(blackoutId)) fail('NOT_FOUND', `blackout ${blackoutId} does not exist`);
    const removed = await this.em.getConnection().execute<{ id: string }[]>(
      `update booking.booking set status = 'removed', updated_at = now() where id = ? and instrument_id = ? and kind = 'blackout' and status = 'active' returning id`,
      [blackoutId, instrument.instrumentId]);
    if (!removed.length) fail('NOT_FOUND', `blackout ${blackoutId} does not exist on instrument ${instrument.code}`);
    return { deleted: true };
  }
}

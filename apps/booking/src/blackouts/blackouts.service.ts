import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, BlackoutView, BookingContext, CreateBlackoutDto } from '@yixiang/contracts';
import { InstrumentObject, UUID_PATTERN } from '@yixiang/domain';
import { authorize, fail, PG_EXCLUSION_VIOLATION, pgCode, requireActor } from '@yixiang/common';
import { CatalogueClient } from '../shared/catalogue.client';
import { failWithConflict } from '../shared/conflict';
import { blackoutView, newCode } from '../shared/booking.rows';
import { OccupancyRepository } from '../shared/occupancy.repository';
import { BlackoutsRepository } from './blackouts.repository';

const instrumentObject = (i: BookingContext): InstrumentObject => ({ institutionId: i.institutionId, sharingStatus: i.sharingStatus });


/**
 * Maintenance windows live beside bookings (same table, same exclusion constraint): a blackout
 * over an active booking is refused with the booking named, so the institution cancels that
 * booking first, knowingly, instead of a researcher finding out at the door.
 */
@Injectable()
export class BlackoutsService {
  constructor(
    private readonly blackouts: BlackoutsRepository,
    private readonly occupancy: OccupancyRepository,
    private readonly catalogue: CatalogueClient,
  ) {}

  async list(actor: Actor | null, instrumentRef: string): Promise<BlackoutView[]> {
    requireActor(actor);
    const instrument = await this.catalogue.context(instrumentRef);
    // Windows and their reasons are as visible as the instrument: another institution's internal instrument does not exist for its outsiders.
    authorize(actor, 'blackout.read', instrumentObject(instrument), `instrument ${instrumentRef} does not exist`);
    return (await this.blackouts.active(instrument.instrumentId)).map(blackoutView);
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
      const row = await this.blackouts.insert({
        id, code: newCode('BO', id), instrumentId: instrument.instrumentId, providerInstitutionId: instrument.institutionId, start, end,
        reason: dto.reason.trim(), createdBy: a.userId,
      });
      return blackoutView(row);
    } catch (error) {
      if (pgCode(error) === PG_EXCLUSION_VIOLATION) return failWithConflict(this.occupancy, instrument.instrumentId, start, end);
      throw error;
    }
  }

  async remove(actor: Actor | null, instrumentRef: string, blackoutId: string): Promise<{ deleted: true }> {
    requireActor(actor);
    const instrument = await this.catalogue.context(instrumentRef);
    authorize(actor, 'blackout.write', instrumentObject(instrument), `instrument ${instrumentRef} does not exist`);
    if (!UUID_PATTERN.test(blackoutId)) fail('NOT_FOUND', `blackout ${blackoutId} does not exist`);
    if (!(await this.blackouts.remove(blackoutId, instrument.instrumentId))) fail('NOT_FOUND', `blackout ${blackoutId} does not exist on instrument ${instrument.code}`);
    return { deleted: true };
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, AvailabilityDto, AvailabilityView } from '@yixiang/contracts';
import { authorize, fail, requireActor, validationMessage } from '@yixiang/common';
import { isKnownTimezone, said, sortedWeeklyHours, weeklyProblems } from '@yixiang/domain';
import { InstrumentsService } from '../instruments/instruments.service';

@Injectable()
export class AvailabilityService {
  constructor(
    private readonly em: EntityManager,
    private readonly instruments: InstrumentsService,
  ) {}

  async get(actor: Actor | null, ref: string): Promise<AvailabilityView> {
    const instrument = await this.instruments.findVisible(requireActor(actor), ref);
    return { instrumentId: instrument.id, timezone: instrument.timezone, weekly: instrument.weeklyHours };
  }

  async put(actor: Actor | null, ref: string, dto: AvailabilityDto): Promise<AvailabilityView> {
    const a = requireActor(actor);
    const instrument = await this.instruments.find(ref);
    authorize(a, 'availability.write', { institutionId: instrument.institutionId });
    const bad = weeklyProblems(dto.weekly);
    if (!isKnownTimezone(dto.timezone)) bad.push({ field: 'timezone', reason: said(`未知时区 ${dto.timezone}`, `unknown time zone ${dto.timezone}`) });
    if (bad.length) fail('VALIDATION_FAILED', validationMessage(bad), { fields: bad });
    instrument.timezone = dto.timezone;
    instrument.weeklyHours = sortedWeeklyHours(dto.weekly);
    await this.em.flush();
    return { instrumentId: instrument.id, timezone: instrument.timezone, weekly: instrument.weeklyHours };
  }
}

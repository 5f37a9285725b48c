import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, AvailabilityDto, AvailabilityView, FieldError, WeeklyOpeningDto } from '@yixiang/contracts';
import { authorize, fail, requireActor } from '@yixiang/common';
import { InstrumentsService } from '../instruments/instruments.service';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Opening intervals must be well ordered and must not overlap within a day. */
export function weeklyProblems(weekly: WeeklyOpeningDto[]): FieldError[] {
  const bad: FieldError[] = [];
  weekly.forEach((w, i) => {
    if (minutesOf(w.end) <= minutesOf(w.start)) bad.push({ field: `weekly[${i}].end`, reason: 'end must be after start' });
  });
  for (let day = 1; day <= 7; day++) {
    const entries = weekly.map((w, i) => ({ ...w, i })).filter((w) => w.weekday === day).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (let k = 1; k < entries.length; k++) {
      if (minutesOf(entries[k].start) < minutesOf(entries[k - 1].end)) {
        bad.push({ field: `weekly[${entries[k].i}]`, reason: `overlaps weekly[${entries[k - 1].i}] on weekday ${day}` });
      }
    }
  }
  return bad;
}

export function isKnownTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

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
    if (!isKnownTimezone(dto.timezone)) bad.push({ field: 'timezone', reason: `unknown time zone ${dto.timezone}` });
    if (bad.length) fail('VALIDATION_FAILED', bad.map((b) => `${b.field}: ${b.reason}`).join('; '), { fields: bad });
    instrument.timezone = dto.timezone;
    instrument.weeklyHours = [...dto.weekly].sort((x, y) => x.weekday - y.weekday || minutesOf(x.start) - minutesOf(y.start));
    await this.em.flush();
    return { instrumentId: instrument.id, timezone: instrument.timezone, weekly: instrument.weeklyHours };
  }
}

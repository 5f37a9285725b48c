import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, AvailabilityDto, AvailabilityView, BlackoutView, CreateBlackoutDto, FieldError, WeeklyOpeningDto } from '@yixiang/contracts';
import { assertManagesInstitution, fail, requireActor } from '@yixiang/common';
import { Blackout } from '../entities';
import { InstrumentsService } from '../instruments/instruments.service';
import { UUID_PATTERN } from '../shared/codes';
import { blackoutView } from '../shared/views';

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
    assertManagesInstitution(a, instrument.institutionId);
    const bad = weeklyProblems(dto.weekly);
    if (!isKnownTimezone(dto.timezone)) bad.push({ field: 'timezone', reason: `unknown time zone ${dto.timezone}` });
    if (bad.length) fail('VALIDATION_FAILED', bad.map((b) => `${b.field}: ${b.reason}`).join('; '), { fields: bad });
    instrument.timezone = dto.timezone;
    instrument.weeklyHours = [...dto.weekly].sort((x, y) => x.weekday - y.weekday || minutesOf(x.start) - minutesOf(y.start));
    await this.em.flush();
    return { instrumentId: instrument.id, timezone: instrument.timezone, weekly: instrument.weeklyHours };
  }

  async listBlackouts(actor: Actor | null, ref: string): Promise<BlackoutView[]> {
    const instrument = await this.instruments.findVisible(requireActor(actor), ref);
    const blackouts = await this.em.find(Blackout, { instrumentId: instrument.id }, { orderBy: { startsAt: 'asc' } });
    return blackouts.map(blackoutView);
  }

  async addBlackout(actor: Actor | null, ref: string, dto: CreateBlackoutDto): Promise<BlackoutView> {
    const a = requireActor(actor);
    const instrument = await this.instruments.find(ref);
    assertManagesInstitution(a, instrument.institutionId, { roles: ['institution_admin', 'operator'] });
    const startsAt = new Date(dto.start);
    const endsAt = new Date(dto.end);
    if (!(endsAt > startsAt)) fail('VALIDATION_FAILED', 'end must be after start', { fields: [{ field: 'end', reason: 'end must be after start' }] });
    const blackout = this.em.create(Blackout, { instrumentId: instrument.id, startsAt, endsAt, reason: dto.reason.trim(), createdBy: a.userId });
    await this.em.flush();
    return blackoutView(blackout);
  }

  async removeBlackout(actor: Actor | null, ref: string, blackoutId: string): Promise<{ deleted: true }> {
    const a = requireActor(actor);
    const instrument = await this.instruments.find(ref);
    assertManagesInstitution(a, instrument.institutionId, { roles: ['institution_admin', 'operator'] });
    if (!UUID_PATTERN.test(blackoutId)) fail('NOT_FOUND', `blackout ${blackoutId} does not exist`);
    const removed = await this.em.nativeDelete(Blackout, { id: blackoutId, instrumentId: instrument.id });
    if (!removed) fail('NOT_FOUND', `blackout ${blackoutId} does not exist on instrument ${instrument.code}`);
    return { deleted: true };
  }
}

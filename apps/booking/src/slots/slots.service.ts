import { Injectable } from '@nestjs/common';
import { Actor, BookingContext, EarliestSlot, EarliestSlotQuery, SlotsQuery, SlotsView } from '@yixiang/contracts';
import { authorize, fail, requireActor } from '@yixiang/common';
import { earliestFit, freeIntervals, heldKind, Interval } from '@yixiang/domain/booking';
import { CatalogueClient } from '../shared/catalogue.client';
import { OccupancyRepository } from '../shared/occupancy.repository';
import { said, noSuch } from '@yixiang/domain';

const DAY_MS = 24 * 3600 * 1000;
const MAX_WINDOW_DAYS = 62;
/** How many matching instruments the earliest-slot search considers. */
const CANDIDATE_LIMIT = 200;

@Injectable()
export class SlotsService {
  constructor(
    private readonly occupancy: OccupancyRepository,
    private readonly catalogue: CatalogueClient,
  ) {}

  async slots(actor: Actor | null, instrumentRef: string, query: SlotsQuery): Promise<SlotsView> {
    const a = requireActor(actor);
    const from = new Date(query.from);
    const to = new Date(query.to);
    this.checkWindow(from, to);
    const instrument = await this.catalogue.context(instrumentRef);
    authorize(a, 'instrument.read', { institutionId: instrument.institutionId, sharingStatus: instrument.sharingStatus }, noSuch('仪器', 'instrument', instrumentRef));
    const holders = await this.occupancy.holders(instrument.instrumentId, from, to);
    const free = this.free(instrument, from, to, holders);
    return {
      instrumentId: instrument.instrumentId, timezone: instrument.timezone, slotMinutes: instrument.bookingRules.slotMinutes,
      free: free.map((f) => ({ start: f.start.toISOString(), end: f.end.toISOString() })),
      held: holders.map((h) => ({ start: h.start.toISOString(), end: h.end.toISOString(), kind: heldKind(h, a.userId) })),
    };
  }

  /** The earliest free intervals of the wanted length across every institution's matching instruments. */
  async earliest(actor: Actor | null, query: EarliestSlotQuery): Promise<EarliestSlot[]> {
    const a = requireActor(actor);
    if (!query.category && !query.q) fail('VALIDATION_FAILED', said('请指定仪器分类或搜索词', 'give a category or a text query'), { fields: [{ field: 'category', reason: said('须给出仪器分类或搜索词', 'category or q is required') }] });
    const from = query.from ? new Date(query.from) : new Date();
    const to = new Date(from.getTime() + (query.withinDays ?? 14) * DAY_MS);
    const candidates = await this.catalogue.candidates(a, { category: query.category, q: query.q, mode: query.mode }, CANDIDATE_LIMIT);
    const occupied = await this.occupancy.occupied(candidates.map((c) => c.instrumentId), from, to);
    const found: EarliestSlot[] = [];
    for (const c of candidates) {
      const { minMinutes, maxMinutes, slotMinutes } = c.bookingRules;
      if (query.durationMinutes < minMinutes || query.durationMinutes > maxMinutes) continue;
      const fit = earliestFit(this.free(c, from, to, occupied.get(c.instrumentId) ?? []), query.durationMinutes, slotMinutes, c.timezone);
      if (fit) {
        found.push({
          instrumentId: c.instrumentId, instrumentCode: c.code, instrumentName: c.name, institutionId: c.institutionId,
          institutionName: c.institutionName, start: fit.start.toISOString(), end: fit.end.toISOString(),
        });
      }
    }
    found.sort((x, y) => x.start.localeCompare(y.start) || x.instrumentCode.localeCompare(y.instrumentCode));
    return found.slice(0, query.limit ?? 10);
  }

  /** Instruments with an active booking or blackout overlapping [from, to): the catalogue's availability filter. */
  async busyInstruments(from: string, to: string): Promise<string[]> {
    return this.occupancy.busyInstruments(new Date(from), new Date(to));
  }

  private free(instrument: BookingContext, from: Date, to: Date, occupied: Interval[]): Interval[] {
    const notBefore = new Date(Date.now() + instrument.bookingRules.leadMinutes * 60000);
    return freeIntervals({ from, to, notBefore, weekly: instrument.weekly, timeZone: instrument.timezone, rules: instrument.bookingRules, occupied });
  }

  private checkWindow(from: Date, to: Date): void {
    if (!(to > from)) fail('VALIDATION_FAILED', said('截止时间必须晚于起始时间', 'to must be after from'), { fields: [{ field: 'to', reason: said('必须晚于起始时间', 'must be after from') }] });
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
      fail('VALIDATION_FAILED', said(`一次最多查询 ${MAX_WINDOW_DAYS} 天`, `ask for at most ${MAX_WINDOW_DAYS} days at a time`), { fields: [{ field: 'to', reason: said(`最多在起始时间后 ${MAX_WINDOW_DAYS} 天`, `at most ${MAX_WINDOW_DAYS} days after from`) }] });
    }
  }
}

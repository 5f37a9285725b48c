import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgArray } from '@yixiang/common';
import { toDate } from './booking.rows';

/** What holds an instrument's time: an active booking (requested, approved, in use) or an active blackout. */
const HOLDS_TIME = `status in ('requested', 'approved', 'in_use', 'active')`;

export interface Occupant {
  kind: 'booking' | 'blackout';
  code: string;
  start: Date;
  end: Date;
}

/**
 * Reads of booking.booking by time: which rows hold an instrument's time over an interval. The
 * exclusion constraint `booking_no_overlap` decides every write; these queries only tell callers
 * what is there (the 409's message, free slots, the catalogue's availability filter).
 */
@Injectable()
export class OccupancyRepository {
  constructor(private readonly em: EntityManager) {}

  /** The first row holding the instrument's time within [start, end), if any. */
  async firstOverlap(instrumentId: string, start: Date, end: Date): Promise<Occupant | null> {
    const [hit] = await this.em.getConnection().execute<{ kind: Occupant['kind']; code: string; start_at: Date; end_at: Date; status: string }[]>(
      `select kind, code, start_at, end_at, status from booking.booking
     where instrument_id = ? and ${HOLDS_TIME} and period && tstzrange(?, ?, '[)')
     order by start_at limit 1`, [instrumentId, start, end]);
    return hit ? { kind: hit.kind, code: hit.code, start: toDate(hit.start_at), end: toDate(hit.end_at) } : null;
  }

  /** Each instrument's held intervals overlapping [from, to), in order of start. */
  async occupied(instrumentIds: string[], from: Date, to: Date): Promise<Map<string, { start: Date; end: Date }[]>> {
    const byInstrument = new Map<string, { start: Date; end: Date }[]>();
    if (!instrumentIds.length) return byInstrument;
    const rows = await this.em.getConnection().execute<{ instrument_id: string; start_at: Date; end_at: Date }[]>(
      `select instrument_id, start_at, end_at from booking.booking
       where instrument_id = any(?::uuid[]) and ${HOLDS_TIME} and period && tstzrange(?, ?, '[)')
       order by start_at`, [pgArray(instrumentIds), from, to]);
    for (const r of rows) {
      const list = byInstrument.get(r.instrument_id) ?? [];
      list.push({ start: toDate(r.start_at), end: toDate(r.end_at) });
      byInstrument.set(r.instrument_id, list);
    }
    return byInstrument;
  }

  /** Each row holding the instrument's time over [from, to): what it is and who booked it (a calendar's kinds). */
  async holders(instrumentId: string, from: Date, to: Date): Promise<(Occupant & { userId: string })[]> {
    const rows = await this.em.getConnection().execute<{ kind: Occupant['kind']; code: string; user_id: string; start_at: Date; end_at: Date }[]>(
      `select kind, code, user_id, start_at, end_at from booking.booking
       where instrument_id = ? and ${HOLDS_TIME} and period && tstzrange(?, ?, '[)')
       order by start_at`, [instrumentId, from, to]);
    return rows.map((r) => ({ kind: r.kind, code: r.code, userId: r.user_id, start: toDate(r.start_at), end: toDate(r.end_at) }));
  }

  /** Instruments with any held time overlapping [from, to). */
  async busyInstruments(from: Date, to: Date): Promise<string[]> {
    const rows = await this.em.getConnection().execute<{ instrument_id: string }[]>(
      `select distinct instrument_id from booking.booking
       where ${HOLDS_TIME} and period && tstzrange(?, ?, '[)')`, [from, to]);
    return rows.map((r) => r.instrument_id);
  }
}

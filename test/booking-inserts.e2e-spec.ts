import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import { Client } from 'pg';
import { databaseUrl, dropDatabase, ensureDatabase } from '../deploy/local/stack/postgres';
import { BookingInserts } from '../apps/booking/src/bookings/booking-inserts';
import { BookingsRepository } from '../apps/booking/src/bookings/bookings.repository';
import type { NewBooking } from '../apps/booking/src/shared/booking.rows';
import { migrateBooking } from '../apps/booking/src/migrate';
import { bookingOrmOptions } from '../apps/booking/src/orm.config';
import { testEnv } from './support/api';

/**
 * Group commit of new bookings against PostgreSQL, on a database of this file's own, with two
 * writers standing for two booking replicas: whatever arrives together, the stored bookings never
 * overlap, every refused one overlaps a stored one, a group is one transaction, and one bad row
 * does not take its group down with it.
 */
describe('booking group inserts', () => {
  const name = `yixiang_booking_inserts_${randomBytes(4).toString('hex')}`;
  const server = databaseUrl(testEnv().databaseUrl, 'postgres');
  const url = databaseUrl(server, name);
  const orms: MikroORM[] = [];
  let writers: BookingInserts[];
  let db: Client;

  const SLOT = 30 * 60000;
  const origin = Date.parse('2031-03-02T00:00:00Z');
  const provider = randomUUID();
  const booking = (instrumentId: string, fromSlot: number, slots: number, extra: Partial<NewBooking> = {}): NewBooking => {
    const id = randomUUID();
    return {
      id, code: `BK-${id.slice(0, 8)}${id.slice(9, 13)}`.toUpperCase(), instrumentId, providerInstitutionId: provider, userId: randomUUID(),
      userInstitutionId: randomUUID(), serviceMode: 'assisted', serviceCategory: 'research', purpose: '测试', projectCode: null, voucherId: null,
      samples: null, status: 'approved', start: new Date(origin + fromSlot * SLOT), end: new Date(origin + (fromSlot + slots) * SLOT), ...extra,
    };
  };
  const stored = async (instrumentIds: string[]) =>
    (await db.query<{ id: string; instrument_id: string; start_at: Date; end_at: Date; tx: string }>(
      `select id, instrument_id, start_at, end_at, xmin::text as tx from booking.booking where instrument_id = any($1::uuid[]) order by instrument_id, start_at`,
      [instrumentIds])).rows;
  const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

  beforeAll(async () => {
    await ensureDatabase(server, name);
    await migrateBooking(url);
    for (let i = 0; i < 2; i++) orms.push(await MikroORM.init({ ...bookingOrmOptions(url, 8), discovery: { warnWhenNoEntities: false } }));
    writers = orms.map((orm) => new BookingInserts(new BookingsRepository(orm.em)));
    db = new Client({ connectionString: url });
    await db.connect();
  }, 60000);

  afterAll(async () => {
    await db?.end();
    await Promise.all(orms.map((orm) => orm.close(true)));
    await dropDatabase(server, name);
  });

  it('never stores two overlapping bookings, and refuses only those that overlap a stored one (two writers, all at once)', async () => {
    const request = fc.record({ instrument: fc.integer({ min: 0, max: 2 }), from: fc.integer({ min: 0, max: 40 }), slots: fc.integer({ min: 1, max: 6 }), writer: fc.integer({ min: 0, max: 1 }) });
    await fc.assert(fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 40 }), async (requests) => {
      const instruments = [randomUUID(), randomUUID(), randomUUID()];
      const sent = requests.map((r) => ({ booking: booking(instruments[r.instrument], r.from, r.slots), writer: r.writer }));
      const answers = await Promise.all(sent.map((s) => writers[s.writer].insert(s.booking)));
      const rows = await stored(instruments);
      const kept = rows.map((r) => ({ id: r.id, instrument: r.instrument_id, start: r.start_at.getTime(), end: r.end_at.getTime() }));
      for (const a of kept) {
        for (const b of kept) if (a.id !== b.id && a.instrument === b.instrument) expect(overlaps(a, b)).toBe(false);
      }
      expect(new Set(kept.map((k) => k.id))).toEqual(new Set(answers.flatMap((a) => (a ? [a.id] : []))));
      sent.forEach((s, i) => {
        if (answers[i]) return;
        const mine = { start: s.booking.start.getTime(), end: s.booking.end.getTime() };
        expect(kept.some((k) => k.instrument === s.booking.instrumentId && overlaps(k, mine))).toBe(true);
      });
    }), { numRuns: 25 });
  }, 120000);

  it('writes bookings that arrive together in fewer transactions than bookings, and of two overlapping ones keeps the first', async () => {
    const instruments = Array.from({ length: 20 }, () => randomUUID());
    // The second starts earlier: arrival, not start time, decides.
    const first = booking(instruments[0], 101, 2);
    const second = booking(instruments[0], 100, 2);
    const answers = await Promise.all([first, second, ...instruments.slice(1).map((i) => booking(i, 100, 2))].map((b) => writers[0].insert(b)));
    expect(answers[0]?.id).toBe(first.id);
    expect(answers[1]).toBeNull();
    expect(answers.filter((a) => a !== null)).toHaveLength(20);
    const rows = await stored(instruments);
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.tx)).size).toBeLessThan(20);
  });

  it('gives a row that breaks a check its own error while the rest of its group is stored', async () => {
    const instruments = Array.from({ length: 6 }, () => randomUUID());
    const bad = booking(instruments[0], 200, 1, { samples: 0 });
    const results = await Promise.allSettled([bad, ...instruments.slice(1).map((i) => booking(i, 200, 1))].map((b) => writers[1].insert(b)));
    expect(results[0]).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ code: '23514' }) });
    expect(results.slice(1).every((r) => r.status === 'fulfilled' && r.value !== null)).toBe(true);
    const rows = await stored(instruments);
    expect(rows.map((r) => r.id).sort()).toEqual(results.slice(1).map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id).sort());
  });
});

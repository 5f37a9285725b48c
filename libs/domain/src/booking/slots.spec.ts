import fc from 'fast-check';
import { ceilToSlot, floorToSlot, isSlotBoundary } from './slots';

const MINUTE = 60_000;
const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

describe('slot boundaries', () => {
  it('counts from local midnight in Asia/Shanghai', () => {
    expect(isSlotBoundary(ms('2026-11-23T08:30:00+08:00'), 30, 'Asia/Shanghai')).toBe(true);
    expect(isSlotBoundary(ms('2026-11-23T08:45:00+08:00'), 30, 'Asia/Shanghai')).toBe(false);
    expect(isSlotBoundary(ms('2026-11-23T08:30:01+08:00'), 30, 'Asia/Shanghai')).toBe(false);
    // 90-minute slots: 00:00, 01:30, 03:00 … local, not UTC (00:00 UTC is 08:00 local, 8 h = 5⅓ slots).
    expect(isSlotBoundary(ms('2026-11-23T01:30:00+08:00'), 90, 'Asia/Shanghai')).toBe(true);
    expect(isSlotBoundary(ms('2026-11-23T00:00:00Z'), 90, 'Asia/Shanghai')).toBe(false);
  });

  it('rounds up and down to boundaries', () => {
    expect(iso(ceilToSlot(ms('2026-11-23T08:01:00+08:00'), 30, 'Asia/Shanghai'))).toBe('2026-11-23T00:30:00.000Z');
    expect(iso(ceilToSlot(ms('2026-11-23T08:30:00+08:00'), 30, 'Asia/Shanghai'))).toBe('2026-11-23T00:30:00.000Z');
    expect(iso(floorToSlot(ms('2026-11-23T08:29:59+08:00'), 30, 'Asia/Shanghai'))).toBe('2026-11-23T00:00:00.000Z');
  });

  it('restarts at midnight when the slot does not divide the day', () => {
    // 7-minute slots: the last one of the day starts at 23:55 (1435 = 205 × 7) and is 5 minutes long.
    expect(iso(ceilToSlot(ms('2026-11-23T23:56:00+08:00'), 7, 'Asia/Shanghai'))).toBe('2026-11-23T16:00:00.000Z');
    expect(iso(floorToSlot(ms('2026-11-23T23:59:00+08:00'), 7, 'Asia/Shanghai'))).toBe('2026-11-23T15:55:00.000Z');
  });

  it('keeps wall-clock boundaries across a DST change (Europe/Berlin)', () => {
    // Spring forward 2026-03-29: 02:00 CET jumps to 03:00 CEST. 03:00 is minute 180 = 4 × 45 of the local day.
    expect(isSlotBoundary(ms('2026-03-29T03:00:00+02:00'), 45, 'Europe/Berlin')).toBe(true);
    expect(iso(ceilToSlot(ms('2026-03-29T01:31:00+01:00'), 45, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(floorToSlot(ms('2026-03-29T03:10:00+02:00'), 45, 'Europe/Berlin'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(floorToSlot(ms('2026-03-29T02:59:00+02:00'), 45, 'Europe/Berlin'))).toBe('2026-03-29T00:30:00.000Z');
    // Fall back 2026-10-25: 03:00 CEST returns to 02:00 CET; 02:15 happens twice and is a boundary both times.
    expect(isSlotBoundary(ms('2026-10-25T02:15:00+02:00'), 45, 'Europe/Berlin')).toBe(true);
    expect(isSlotBoundary(ms('2026-10-25T02:15:00+01:00'), 45, 'Europe/Berlin')).toBe(true);
    expect(iso(ceilToSlot(ms('2026-10-25T02:16:00+02:00'), 45, 'Europe/Berlin'))).toBe('2026-10-25T01:15:00.000Z');
    expect(iso(floorToSlot(ms('2026-10-25T02:14:00+01:00'), 45, 'Europe/Berlin'))).toBe('2026-10-25T00:15:00.000Z');
  });

  it('ceil and floor give the nearest boundaries, in any zone', () => {
    const zones = fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC');
    // Minutes around the 2026 DST changes of those zones, and elsewhere.
    const instants = fc.oneof(
      fc.integer({ min: ms('2026-03-07T00:00:00Z'), max: ms('2026-04-07T00:00:00Z') }),
      fc.integer({ min: ms('2026-09-30T00:00:00Z'), max: ms('2026-11-02T00:00:00Z') }),
    );
    const slots = fc.constantFrom(5, 7, 15, 30, 45, 60, 90, 120, 1440);
    fc.assert(
      fc.property(zones, instants, slots, (zone, t, slot) => {
        const up = ceilToSlot(t, slot, zone);
        const down = floorToSlot(t, slot, zone);
        expect(isSlotBoundary(up, slot, zone) && isSlotBoundary(down, slot, zone)).toBe(true);
        expect(down <= t && t <= up).toBe(true);
        // No boundary strictly between: they sit on whole minutes, so checking every minute suffices.
        for (let m = Math.floor(down / MINUTE) * MINUTE + MINUTE; m < up; m += MINUTE) {
          if (m > down) expect(isSlotBoundary(m, slot, zone)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

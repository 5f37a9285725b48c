import fc from 'fast-check';
import { earliestFit, freeIntervals } from './free-time';
import { openingWindows } from './opening';
import { bookingViolations } from './rules';
import { isSlotBoundary } from './slots';
import { BookingRules, Interval, WeeklyOpening } from './types';

const SH = 'Asia/Shanghai';
const MINUTE = 60_000;
const sh = (local: string) => new Date(`${local}:00+08:00`);
const iv = (start: Date, end: Date): Interval => ({ start, end });
const show = (list: (Interval | null)[]) => list.map((i) => (i ? `${i.start.toISOString()} ${i.end.toISOString()}` : null));

const RULES: BookingRules = {
  slotMinutes: 30,
  minMinutes: 60,
  maxMinutes: 480,
  leadMinutes: 0,
  cancelDeadlineMinutes: 1440,
  approvalRequired: false,
  qualificationRequired: false,
};
const WEEKDAYS: WeeklyOpening[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '22:00' }));

// 2026-11-23 is a Monday.
describe('freeIntervals', () => {
  const day = { from: sh('2026-11-23T00:00'), to: sh('2026-11-24T00:00'), weekly: WEEKDAYS, timeZone: SH, rules: RULES };

  it('is the opening window when nothing is booked', () => {
    expect(show(freeIntervals({ ...day, notBefore: sh('2026-11-20T00:00'), occupied: [] }))).toEqual(
      show([iv(sh('2026-11-23T08:00'), sh('2026-11-23T22:00'))]),
    );
  });

  it('removes overlapping bookings and blackouts, trims to the grid and drops what is too short', () => {
    const occupied = [
      iv(sh('2026-11-23T09:00'), sh('2026-11-23T10:30')),
      iv(sh('2026-11-23T10:00'), sh('2026-11-23T11:10')), // overlaps the one before, ends off the grid
      iv(sh('2026-11-23T13:00'), sh('2026-11-23T13:20')), // a short blackout off the grid
      iv(sh('2026-11-23T21:30'), sh('2026-11-24T09:00')), // reaches past closing time
      iv(sh('2026-11-22T10:00'), sh('2026-11-22T12:00')), // outside the range altogether
    ];
    // 08:10 → 08:30; 08:30–09:00 is shorter than minMinutes (60) and goes.
    expect(show(freeIntervals({ ...day, notBefore: sh('2026-11-23T08:10'), occupied }))).toEqual(
      show([iv(sh('2026-11-23T11:30'), sh('2026-11-23T13:00')), iv(sh('2026-11-23T13:30'), sh('2026-11-23T21:30'))]),
    );
  });

  it('keeps a piece of exactly minMinutes', () => {
    const occupied = [iv(sh('2026-11-23T09:00'), sh('2026-11-23T22:00'))];
    expect(show(freeIntervals({ ...day, notBefore: sh('2026-11-23T07:59'), occupied }))).toEqual(
      show([iv(sh('2026-11-23T08:00'), sh('2026-11-23T09:00'))]),
    );
    expect(freeIntervals({ ...day, notBefore: sh('2026-11-23T08:01'), occupied })).toEqual([]);
  });

  it('trims opening hours and the range that are off the grid', () => {
    const weekly = [{ weekday: 1, start: '08:10', end: '21:50' }];
    expect(show(freeIntervals({ ...day, weekly, from: sh('2026-11-23T10:15'), notBefore: day.from, occupied: [] }))).toEqual(
      show([iv(sh('2026-11-23T10:30'), sh('2026-11-23T21:30'))]),
    );
  });

  it('runs through a merged midnight window', () => {
    const weekly = [
      { weekday: 1, start: '20:00', end: '24:00' },
      { weekday: 2, start: '00:00', end: '08:00' },
    ];
    const occupied = [iv(sh('2026-11-24T02:00'), sh('2026-11-24T03:00'))];
    const range = { from: sh('2026-11-23T00:00'), to: sh('2026-11-25T00:00'), notBefore: sh('2026-11-23T00:00') };
    expect(show(freeIntervals({ ...day, ...range, weekly, occupied }))).toEqual(
      show([iv(sh('2026-11-23T20:00'), sh('2026-11-24T02:00')), iv(sh('2026-11-24T03:00'), sh('2026-11-24T08:00'))]),
    );
  });

  it('follows local hours across a DST change (Europe/Berlin)', () => {
    const saturdaysAndSundays = [6, 7].map((weekday) => ({ weekday, start: '08:00', end: '12:00' }));
    const free = freeIntervals({
      from: new Date('2026-03-28T00:00:00Z'),
      to: new Date('2026-03-30T00:00:00Z'),
      notBefore: new Date('2026-03-01T00:00:00Z'),
      weekly: saturdaysAndSundays,
      timeZone: 'Europe/Berlin',
      rules: RULES,
      occupied: [],
    });
    expect(show(free)).toEqual(
      show([
        iv(new Date('2026-03-28T07:00:00Z'), new Date('2026-03-28T11:00:00Z')),
        iv(new Date('2026-03-29T06:00:00Z'), new Date('2026-03-29T10:00:00Z')),
      ]),
    );
  });
});

describe('earliestFit', () => {
  const free = [iv(sh('2026-11-23T11:30'), sh('2026-11-23T13:00')), iv(sh('2026-11-23T13:30'), sh('2026-11-23T21:30'))];

  it.each([
    { minutes: 90, expected: iv(sh('2026-11-23T11:30'), sh('2026-11-23T13:00')) },
    { minutes: 120, expected: iv(sh('2026-11-23T13:30'), sh('2026-11-23T15:30')) },
    { minutes: 480, expected: iv(sh('2026-11-23T13:30'), sh('2026-11-23T21:30')) },
    { minutes: 510, expected: null },
    // Never aligned at both ends on a 30-minute grid.
    { minutes: 45, expected: null },
  ])('$minutes minutes', ({ minutes, expected }) => {
    expect(show([earliestFit(free, minutes, 30, SH)])).toEqual(show([expected]));
  });

  it('aligns the start of a free interval that is off the grid', () => {
    expect(show([earliestFit([iv(sh('2026-11-23T08:10'), sh('2026-11-23T10:00'))], 60, 30, SH)])).toEqual(
      show([iv(sh('2026-11-23T08:30'), sh('2026-11-23T09:30'))]),
    );
  });

  it('skips starts whose end misses the grid across a DST change (Europe/Berlin)', () => {
    // 01:30 CET + 90 min = 03:30 CEST, minute 210 of the wall clock, not on the 45-minute grid; 03:00 CEST is next.
    const sunday = [iv(new Date('2026-03-29T01:30:00+01:00'), new Date('2026-03-29T12:00:00+02:00'))];
    expect(show([earliestFit(sunday, 90, 45, 'Europe/Berlin')])).toEqual(
      show([iv(new Date('2026-03-29T03:00:00+02:00'), new Date('2026-03-29T04:30:00+02:00'))]),
    );
  });
});

describe('free intervals and earliest fits, for any schedule', () => {
  const hhmm = (minuteOfDay: number) =>
    `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
  const opening = fc
    .record({ weekday: fc.integer({ min: 1, max: 7 }), start: fc.integer({ min: 0, max: 287 }), length: fc.integer({ min: 1, max: 288 }) })
    .map(({ weekday, start, length }): WeeklyOpening => {
      const end = Math.min(start + length, 288) * 5;
      return { weekday, start: hhmm(start * 5), end: end === 1440 ? '24:00' : hhmm(end) };
    });
  const rules = fc
    .record({
      slotMinutes: fc.constantFrom(5, 10, 15, 30, 45, 60, 90, 120),
      minMinutes: fc.integer({ min: 1, max: 240 }),
      extra: fc.integer({ min: 0, max: 1200 }),
      leadMinutes: fc.integer({ min: 0, max: 600 }),
    })
    .map(({ extra, ...r }): BookingRules => ({
      ...r,
      maxMinutes: r.minMinutes + extra,
      cancelDeadlineMinutes: 0,
      approvalRequired: false,
      qualificationRequired: false,
    }));
  // Ranges near the 2026 DST changes of Europe/Berlin, at any second.
  const anchors = [Date.parse('2026-03-26T00:00:00Z'), Date.parse('2026-10-22T00:00:00Z'), Date.parse('2026-11-23T00:00:00Z')];
  const scenario = fc
    .record({
      timeZone: fc.constantFrom(SH, 'Europe/Berlin'),
      weekly: fc.array(opening, { minLength: 1, maxLength: 10 }),
      rules,
      anchor: fc.constantFrom(...anchors),
      fromSeconds: fc.integer({ min: 0, max: 4 * 86400 }),
      spanSeconds: fc.integer({ min: 0, max: 5 * 86400 }),
      nowSeconds: fc.integer({ min: -2 * 86400, max: 6 * 86400 }),
      occupied: fc.array(
        fc.record({ startMinutes: fc.integer({ min: -1440, max: 10 * 1440 }), minutes: fc.integer({ min: 1, max: 900 }) }),
        {
          maxLength: 12,
        },
      ),
      durationSlots: fc.integer({ min: 1, max: 16 }),
    })
    .map((s) => {
      const from = new Date(s.anchor + s.fromSeconds * 1000);
      const now = new Date(s.anchor + s.nowSeconds * 1000);
      return {
        ...s,
        from,
        to: new Date(from.getTime() + s.spanSeconds * 1000),
        now,
        notBefore: new Date(now.getTime() + s.rules.leadMinutes * MINUTE),
        occupied: s.occupied.map((o) =>
          iv(new Date(s.anchor + o.startMinutes * MINUTE), new Date(s.anchor + (o.startMinutes + o.minutes) * MINUTE)),
        ),
      };
    });

  const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;
  const within = (inner: Interval, outer: Interval) => outer.start <= inner.start && inner.end <= outer.end;

  it('free intervals are sorted, disjoint, on the grid, long enough, open, unoccupied, in range and not too soon', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const free = freeIntervals(s);
        const windows = openingWindows(s.weekly, s.timeZone, s.from, s.to);
        free.forEach((f, i) => {
          expect(f.start < f.end).toBe(true);
          if (i > 0) expect(free[i - 1].end <= f.start).toBe(true);
          expect(isSlotBoundary(f.start.getTime(), s.rules.slotMinutes, s.timeZone)).toBe(true);
          expect(isSlotBoundary(f.end.getTime(), s.rules.slotMinutes, s.timeZone)).toBe(true);
          expect(f.end.getTime() - f.start.getTime()).toBeGreaterThanOrEqual(s.rules.minMinutes * MINUTE);
          expect(windows.some((w) => within(f, w))).toBe(true);
          expect(within(f, iv(s.from, s.to))).toBe(true);
          expect(f.start >= s.notBefore).toBe(true);
          expect(s.occupied.some((o) => overlaps(f, o))).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('an earliest fit keeps every booking rule but perhaps the length limits, and all of them when the length is allowed', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const free = freeIntervals(s);
        const minutes = s.durationSlots * s.rules.slotMinutes;
        const fit = earliestFit(free, minutes, s.rules.slotMinutes, s.timeZone);
        if (!fit) return;
        expect(fit.end.getTime() - fit.start.getTime()).toBe(minutes * MINUTE);
        expect(free.some((f) => within(fit, f))).toBe(true);
        const broken = bookingViolations({ ...s, start: fit.start, end: fit.end }).map((v) => v.rule);
        const lengthAllowed = minutes >= s.rules.minMinutes && minutes <= s.rules.maxMinutes;
        expect(broken.filter((r) => lengthAllowed || (r !== 'minimum-length' && r !== 'maximum-length'))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('an earliest fit is the earliest: no aligned start before it has room', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const free = freeIntervals(s);
        const minutes = s.durationSlots * s.rules.slotMinutes;
        const fit = earliestFit(free, minutes, s.rules.slotMinutes, s.timeZone);
        // Brute force over every whole minute of the free intervals (they start on whole minutes).
        for (const f of free) {
          for (let t = f.start.getTime(); t + minutes * MINUTE <= f.end.getTime(); t += MINUTE) {
            if (fit && t >= fit.start.getTime()) return;
            const fits =
              isSlotBoundary(t, s.rules.slotMinutes, s.timeZone) && isSlotBoundary(t + minutes * MINUTE, s.rules.slotMinutes, s.timeZone);
            expect(fits).toBe(false);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

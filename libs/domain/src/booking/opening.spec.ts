import fc from 'fast-check';
import { clipIntervals } from './intervals';
import { calendarWindows, openingWindows } from './opening';
import { Interval, WeeklyOpening } from './types';

const SH = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local}:00+08:00`);
const show = (list: Interval[]) => list.map((i) => `${i.start.toISOString()} ${i.end.toISOString()}`);
const expectWindows = (actual: Interval[], expected: [Date, Date][]) =>
  expect(show(actual)).toEqual(show(expected.map(([start, end]) => ({ start, end }))));

// 2026-11-23 is a Monday.
describe('openingWindows', () => {
  const weekdays: WeeklyOpening[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '22:00' }));

  it('turns local weekly hours into UTC intervals, one per open day', () => {
    expectWindows(openingWindows(weekdays, SH, sh('2026-11-22T00:00'), sh('2026-11-25T00:00')), [
      [sh('2026-11-23T08:00'), sh('2026-11-23T22:00')],
      [sh('2026-11-24T08:00'), sh('2026-11-24T22:00')],
    ]);
  });

  it('clips to [from, to) and treats days without entries as closed', () => {
    expectWindows(openingWindows(weekdays, SH, sh('2026-11-27T12:00'), sh('2026-11-30T09:00')), [
      [sh('2026-11-27T12:00'), sh('2026-11-27T22:00')],
      [sh('2026-11-30T08:00'), sh('2026-11-30T09:00')],
    ]);
    expect(openingWindows(weekdays, SH, sh('2026-11-28T00:00'), sh('2026-11-30T00:00'))).toEqual([]);
    expect(openingWindows(weekdays, SH, sh('2026-11-23T12:00'), sh('2026-11-23T12:00'))).toEqual([]);
  });

  it('reads "24:00" as the next local midnight and merges windows across midnight', () => {
    const overnight: WeeklyOpening[] = [
      { weekday: 1, start: '20:00', end: '24:00' },
      { weekday: 2, start: '00:00', end: '08:00' },
    ];
    expectWindows(openingWindows(overnight, SH, sh('2026-11-23T00:00'), sh('2026-11-25T00:00')), [
      [sh('2026-11-23T20:00'), sh('2026-11-24T08:00')],
    ]);
    // A range starting after midnight still sees the merged window, clipped.
    expectWindows(openingWindows(overnight, SH, sh('2026-11-24T03:00'), sh('2026-11-25T00:00')), [
      [sh('2026-11-24T03:00'), sh('2026-11-24T08:00')],
    ]);
  });

  it('merges touching and overlapping entries of one day, and ignores entries that end before they start', () => {
    const split: WeeklyOpening[] = [
      { weekday: 1, start: '08:00', end: '12:00' },
      { weekday: 1, start: '12:00', end: '14:00' },
      { weekday: 1, start: '13:00', end: '18:00' },
      { weekday: 1, start: '19:00', end: '21:00' },
      { weekday: 1, start: '23:00', end: '22:00' },
    ];
    expectWindows(openingWindows(split, SH, sh('2026-11-23T00:00'), sh('2026-11-24T00:00')), [
      [sh('2026-11-23T08:00'), sh('2026-11-23T18:00')],
      [sh('2026-11-23T19:00'), sh('2026-11-23T21:00')],
    ]);
  });

  it('is one window for a round-the-clock week', () => {
    const always: WeeklyOpening[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    expectWindows(openingWindows(always, SH, sh('2026-11-20T10:00'), sh('2026-12-20T10:00')), [
      [sh('2026-11-20T10:00'), sh('2026-12-20T10:00')],
    ]);
  });

  it('keeps local hours on DST days (Europe/Berlin)', () => {
    const sundays: WeeklyOpening[] = [{ weekday: 7, start: '00:00', end: '24:00' }];
    const spring = openingWindows(sundays, 'Europe/Berlin', new Date('2026-03-28T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
    // 00:00 CET to 24:00 CEST: a 23-hour day.
    expectWindows(spring, [[new Date('2026-03-28T23:00:00Z'), new Date('2026-03-29T22:00:00Z')]]);
    const autumn = openingWindows(sundays, 'Europe/Berlin', new Date('2026-10-24T00:00:00Z'), new Date('2026-10-27T00:00:00Z'));
    // 00:00 CEST to 24:00 CET: a 25-hour day.
    expectWindows(autumn, [[new Date('2026-10-24T22:00:00Z'), new Date('2026-10-25T23:00:00Z')]]);
    // 08:00–12:00 is 07:00–11:00 UTC before the change and 06:00–10:00 UTC after it.
    const mornings: WeeklyOpening[] = [{ weekday: 6, start: '08:00', end: '12:00' }];
    expectWindows(openingWindows(mornings, 'Europe/Berlin', new Date('2026-03-21T00:00:00Z'), new Date('2026-04-01T00:00:00Z')), [
      [new Date('2026-03-21T07:00:00Z'), new Date('2026-03-21T11:00:00Z')],
      [new Date('2026-03-28T07:00:00Z'), new Date('2026-03-28T11:00:00Z')],
    ]);
    expectWindows(openingWindows(mornings, 'Europe/Berlin', new Date('2026-04-01T00:00:00Z'), new Date('2026-04-05T00:00:00Z')), [
      [new Date('2026-04-04T06:00:00Z'), new Date('2026-04-04T10:00:00Z')],
    ]);
  });
});

describe('openingWindows in zones without offset changes', () => {
  const clock = fc.integer({ min: 0, max: 48 }).map((half) => (half === 48 ? '24:00' : `${String(Math.floor(half / 2)).padStart(2, '0')}:${half % 2 ? '30' : '00'}`));
  const entry = fc.record({ weekday: fc.integer({ min: 1, max: 7 }), start: clock.filter((c) => c !== '24:00'), end: clock });
  const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => Math.floor(ms / 60000) * 60000);

  it('gives by arithmetic exactly what the calendar gives', () => {
    // Asia/Shanghai is +08:00, Asia/Kolkata +05:30 and Asia/Kathmandu +05:45 all year round.
    fc.assert(fc.property(
      fc.array(entry, { maxLength: 10 }), fc.constantFrom('Asia/Shanghai', 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu'), instant, fc.integer({ min: 1, max: 20 * 86400 }),
      (weekly, zone, fromMs, seconds) => {
        const from = new Date(fromMs);
        const to = new Date(fromMs + seconds * 1000);
        expect(show(openingWindows(weekly, zone, from, to))).toEqual(show(clipIntervals(calendarWindows(weekly, zone, from, to), from, to)));
      },
    ), { numRuns: 500 });
  });
});

import fc from 'fast-check';
import { bookingViolations } from '../booking/rules';
import { isKnownTimezone, sortedWeeklyHours, weeklyProblems, type WeeklyHours } from './opening-hours';

const clock = (minutes: number) => (minutes === 1440 ? '24:00' : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`);
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

describe('weekly opening hours', () => {
  it('accepts ordered, non-overlapping intervals and 24:00 as an end', () => {
    expect(weeklyProblems([
      { weekday: 1, start: '08:00', end: '12:00' },
      { weekday: 1, start: '12:00', end: '24:00' },
      { weekday: 7, start: '00:00', end: '24:00' },
    ])).toEqual([]);
  });

  it('names an interval that ends before it starts', () => {
    expect(weeklyProblems([{ weekday: 2, start: '18:00', end: '09:00' }])).toEqual([{ field: 'weekly[0].end', reason: { zh: '第 1 个开放时段的结束时间必须晚于开始时间', en: 'end must be after start' } }]);
  });

  it('names intervals of one day that overlap, whatever their order', () => {
    expect(weeklyProblems([
      { weekday: 3, start: '13:00', end: '18:00' },
      { weekday: 3, start: '08:00', end: '13:30' },
    ])).toEqual([{ field: 'weekly[0]', reason: { zh: '第 1 个开放时段与第 2 个在周三重叠', en: 'overlaps weekly[1] on weekday 3' } }]);
  });

  // Issue 21: several ranges a day, and a range that covers two others that do not overlap each other.
  it.each([
    { name: 'a morning and an afternoon, lunch closed', weekly: [['08:00', '12:00'], ['14:00', '18:00']], problems: [] },
    { name: 'three ranges given out of order', weekly: [['19:00', '22:00'], ['08:00', '12:00'], ['13:00', '17:30']], problems: [] },
    { name: 'ranges that touch', weekly: [['08:00', '12:00'], ['12:00', '18:00'], ['18:00', '24:00']], problems: [] },
    { name: 'a long range around two short ones', weekly: [['08:00', '18:00'], ['09:00', '10:00'], ['11:00', '12:00']], problems: ['weekly[1] overlaps weekly[0]', 'weekly[2] overlaps weekly[0]'] },
    { name: 'the same range twice', weekly: [['14:00', '18:00'], ['14:00', '18:00']], problems: ['weekly[1] overlaps weekly[0]'] },
    { name: 'a second range that starts before the first ends', weekly: [['08:00', '12:30'], ['12:00', '18:00']], problems: ['weekly[1] overlaps weekly[0]'] },
    { name: 'a range that ends where it starts', weekly: [['08:00', '12:00'], ['14:00', '14:00']], problems: ['weekly[1].end end must be after start'] },
  ])('one weekday: $name → $problems', ({ weekly, problems }) => {
    const given = weekly.map(([start, end]) => ({ weekday: 2, start, end }));
    expect(weeklyProblems(given).map((p) => `${p.field} ${p.reason.en.replace(/ on weekday 2$/, '')}`)).toEqual(problems);
  });

  /** Ranges of one day on a 30-minute grid; well ordered (start < end) so that only overlaps are in question. */
  const dayRanges = fc.array(
    fc.tuple(fc.integer({ min: 0, max: 47 }), fc.integer({ min: 1, max: 48 })).filter(([a, b]) => a < b).map(([a, b]) => ({ weekday: 3, start: clock(a * 30), end: clock(b * 30) })),
    { maxLength: 6 },
  );
  const overlap = (x: WeeklyHours, y: WeeklyHours) => minutes(x.start) < minutes(y.end) && minutes(y.start) < minutes(x.end);

  it('reports a problem exactly when two ranges of a day overlap (property)', () => {
    fc.assert(fc.property(dayRanges, (weekly) => {
      const anyOverlap = weekly.some((x, i) => weekly.some((y, j) => i < j && overlap(x, y)));
      expect(weeklyProblems(weekly).length > 0).toBe(anyOverlap);
    }));
  });

  it('accepts any set of disjoint ranges, and a booking inside any one of them keeps the opening hours while one across a gap does not (property)', () => {
    // Cut points on a 30-minute grid of Wednesday 2026-11-25; every other pair of cuts is a range, the rest gaps.
    const cuts = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { minLength: 4, maxLength: 10 }).map((c) => [...c].sort((a, b) => a - b));
    fc.assert(fc.property(cuts, fc.nat(), (points, pick) => {
      const ranges: WeeklyHours[] = [];
      for (let k = 0; k + 1 < points.length; k += 2) ranges.push({ weekday: 3, start: clock(points[k] * 30), end: clock(points[k + 1] * 30) });
      expect(weeklyProblems([...ranges].reverse())).toEqual([]);
      const at = (m: number) => new Date(Date.parse('2026-11-24T16:00:00Z') + m * 60_000);
      const check = (from: number, to: number) => bookingViolations({
        start: at(from), end: at(to), now: at(-1440), weekly: ranges, timeZone: 'Asia/Shanghai',
        rules: { slotMinutes: 30, minMinutes: 30, maxMinutes: 1440, leadMinutes: 0, cancelDeadlineMinutes: 0, approvalRequired: false, qualificationRequired: false },
      }).map((v) => v.rule);
      const inside = ranges[pick % ranges.length];
      expect(check(minutes(inside.start), minutes(inside.end))).toEqual([]);
      // From the last half hour of one range into the first of the next, when a gap lies between them.
      const next = ranges[(pick % ranges.length) + 1];
      if (next && minutes(next.start) > minutes(inside.end)) expect(check(minutes(inside.end) - 30, minutes(next.start) + 30)).toEqual(['opening-hours']);
    }));
  });

  it('knows real time zones only', () => {
    expect(isKnownTimezone('Asia/Shanghai')).toBe(true);
    expect(isKnownTimezone('Mars/Olympus')).toBe(false);
  });
});

describe('sortedWeeklyHours', () => {
  it('orders by weekday, then start, leaving the input as it was', () => {
    const given = [
      { weekday: 3, start: '13:00', end: '18:00' }, { weekday: 1, start: '12:00', end: '24:00' }, { weekday: 1, start: '08:00', end: '12:00' },
    ];
    expect(sortedWeeklyHours(given).map((w) => `${w.weekday} ${w.start}`)).toEqual(['1 08:00', '1 12:00', '3 13:00']);
    expect(given[0].weekday).toBe(3);
  });
});

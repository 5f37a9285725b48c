import fc from 'fast-check';
import {
  checkInViolation, checkInWindow, DEFAULT_NO_SHOW_POLICY, expandSeries, noShowCutoff, noShowDue, overrunOf, suspensionDue, suspensionHolds,
} from './policy';

const sh = (local: string) => new Date(`${local}:00+08:00`);
const MIN = 60_000;
const DAY = 86_400_000;
const rules = { checkInBeforeMinutes: 15, noShowAfterMinutes: 30 };

describe('check-in window', () => {
  const start = sh('2026-12-07T09:00');
  const end = sh('2026-12-07T11:00');
  it.each([
    ['six days early', '2026-12-01T09:00', 'too early'],
    ['16 minutes early', '2026-12-07T08:44', 'too early'],
    ['15 minutes early', '2026-12-07T08:45', null],
    ['during', '2026-12-07T10:59', null],
    ['at the end', '2026-12-07T11:00', 'over'],
  ])('%s', (_name, now, expected) => {
    const v = checkInViolation({ start, end, now: sh(now), rules });
    if (expected === null) expect(v).toBeNull();
    else {
      expect(v?.rule).toBe('check-in-window');
      expect(v?.message.zh).toContain('2026-12-07 08:45 至 2026-12-07 11:00（北京时间）');
      expect(v?.message.zh).toContain(expected === 'too early' ? '还未到签到时间' : '已结束');
    }
  });

  it('defaults to 15 minutes for rules stored before issue 19', () => {
    expect(checkInWindow(start, end, {}).start).toEqual(sh('2026-12-07T08:45'));
  });

  it('property: allowed exactly inside [start − N, end)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: -2000, max: 2000 }), (n, length, offset) => {
      const s = new Date(Date.UTC(2026, 11, 7, 1));
      const e = new Date(s.getTime() + length * MIN);
      const now = new Date(s.getTime() + offset * MIN);
      const allowed = checkInViolation({ start: s, end: e, now, rules: { checkInBeforeMinutes: n } }) === null;
      expect(allowed).toBe(offset >= -n && offset < length);
    }));
  });
});

describe('automatic no-show', () => {
  it('is due exactly M minutes after the start, and the cutoff agrees', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1440 }), fc.integer({ min: -3000, max: 3000 }), (m, offset) => {
      const start = new Date(Date.UTC(2026, 11, 7, 1));
      const now = new Date(start.getTime() + offset * MIN);
      const due = noShowDue(start, now, { noShowAfterMinutes: m });
      expect(due).toBe(offset >= m);
      expect(due).toBe(start <= noShowCutoff(now, { noShowAfterMinutes: m }));
    }));
  });
});

describe('overrun', () => {
  const end = sh('2026-12-07T11:00');
  it('flags the first later booking the use ran into, in whole minutes', () => {
    const later = [{ id: 'b', start: sh('2026-12-07T11:30') }, { id: 'a', start: sh('2026-12-07T11:00') }];
    expect(overrunOf(end, new Date(sh('2026-12-07T11:12').getTime() + 1000), later)).toEqual({ intoBookingId: 'a', minutes: 13 });
    expect(overrunOf(end, sh('2026-12-07T10:50'), later)).toBeNull();
    expect(overrunOf(end, sh('2026-12-07T11:20'), [{ id: 'b', start: sh('2026-12-07T11:30') }])).toBeNull();
  });
});

describe('no-show suspension', () => {
  const now = sh('2026-12-07T12:00');
  const policy = DEFAULT_NO_SHOW_POLICY;
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  it('the Kth no-show within D days suspends for S days; older ones and those before the last suspension do not count', () => {
    expect(suspensionDue({ noShows: [ago(1), ago(10)], now, policy, countSince: null })).toBeNull();
    expect(suspensionDue({ noShows: [ago(1), ago(10), ago(89)], now, policy, countSince: null })).toEqual({ from: now, until: new Date(now.getTime() + 30 * DAY), count: 3 });
    expect(suspensionDue({ noShows: [ago(1), ago(10), ago(91)], now, policy, countSince: null })).toBeNull();
    expect(suspensionDue({ noShows: [ago(1), ago(10), ago(20)], now, policy, countSince: ago(15) })).toBeNull();
  });

  it('a suspension holds from its start until S days later, and not once lifted', () => {
    const s = { from: now, until: new Date(now.getTime() + 30 * DAY), liftedAt: null };
    expect(suspensionHolds(s, now)).toBe(true);
    expect(suspensionHolds(s, new Date(now.getTime() + 30 * DAY - 1))).toBe(true);
    expect(suspensionHolds(s, new Date(now.getTime() + 30 * DAY))).toBe(false);
    expect(suspensionHolds({ ...s, liftedAt: now }, now)).toBe(false);
  });

  it('property: suspends exactly when at least K no-shows fall in the window', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 10 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 120 }), (days, k, d) => {
      const due = suspensionDue({ noShows: days.map(ago), now, policy: { noShowLimit: k, windowDays: d, suspensionDays: 7 }, countSince: null });
      expect(due !== null).toBe(days.filter((x) => x < d).length >= k);
    }));
  });
});

describe('expandSeries', () => {
  const SH = 'Asia/Shanghai';
  it('weekly on Monday and Wednesday, five times, at the same local time', () => {
    const r = expandSeries({ start: sh('2026-12-07T09:00'), end: sh('2026-12-07T10:30'), rrule: 'RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=5', timeZone: SH });
    expect(r.ok && r.occurrences.map((o) => o.start.toISOString())).toEqual([
      '2026-12-07T01:00:00.000Z', '2026-12-09T01:00:00.000Z', '2026-12-14T01:00:00.000Z', '2026-12-16T01:00:00.000Z', '2026-12-21T01:00:00.000Z',
    ]);
    expect(r.ok && r.occurrences.every((o) => o.end.getTime() - o.start.getTime() === 90 * MIN)).toBe(true);
  });

  it('daily every other day until a local date (inclusive)', () => {
    const r = expandSeries({ start: sh('2026-12-07T20:00'), end: sh('2026-12-07T22:00'), rrule: 'FREQ=DAILY;INTERVAL=2;UNTIL=20261213', timeZone: SH });
    expect(r.ok && r.occurrences.map((o) => o.start.toISOString())).toEqual(['2026-12-07T12:00:00.000Z', '2026-12-09T12:00:00.000Z', '2026-12-11T12:00:00.000Z', '2026-12-13T12:00:00.000Z']);
  });

  it('keeps the local wall time across a daylight-saving change (Europe/Berlin, 2026-10-25)', () => {
    const start = new Date('2026-10-19T09:00:00+02:00');
    const r = expandSeries({ start, end: new Date('2026-10-19T10:00:00+02:00'), rrule: 'FREQ=WEEKLY;COUNT=2', timeZone: 'Europe/Berlin' });
    expect(r.ok && r.occurrences.map((o) => o.start.toISOString())).toEqual(['2026-10-19T07:00:00.000Z', '2026-10-26T08:00:00.000Z']);
  });

  it.each([
    ['FREQ=MONTHLY;COUNT=3', 'DAILY or WEEKLY'],
    ['FREQ=WEEKLY', 'exactly one of COUNT or UNTIL'],
    ['FREQ=WEEKLY;COUNT=3;UNTIL=20270101', 'exactly one of COUNT or UNTIL'],
    ['FREQ=WEEKLY;COUNT=101', 'at most 100'],
    ['FREQ=DAILY;UNTIL=20291231', 'at most 100'],
    ['FREQ=WEEKLY;BYDAY=1MO;COUNT=3', 'BYDAY'],
    ['FREQ=WEEKLY;BYHOUR=9;COUNT=3', 'not supported'],
    ['FREQ=WEEKLY;COUNT=x', 'COUNT'],
    ['FREQ=WEEKLY;UNTIL=2027-01-01', 'UNTIL'],
    ['', 'one RRULE line'],
  ])('refuses %s', (rrule, problem) => {
    const r = expandSeries({ start: sh('2026-12-07T09:00'), end: sh('2026-12-07T10:00'), rrule, timeZone: SH });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem.en).toContain(problem);
  });

  it('property: never more than the cap, every occurrence as long as the first, in increasing order', () => {
    fc.assert(fc.property(fc.constantFrom('DAILY', 'WEEKLY'), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 4 }), (freq, count, interval) => {
      const r = expandSeries({ start: sh('2026-12-07T09:00'), end: sh('2026-12-07T10:00'), rrule: `FREQ=${freq};INTERVAL=${interval};COUNT=${count}`, timeZone: SH });
      if (count > 100) return expect(r.ok).toBe(false);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.occurrences).toHaveLength(count);
      r.occurrences.forEach((o, i) => {
        expect(o.end.getTime() - o.start.getTime()).toBe(60 * MIN);
        if (i > 0) expect(o.start.getTime() - r.occurrences[i - 1].start.getTime()).toBe((freq === 'DAILY' ? 1 : 7) * interval * DAY);
      });
    }));
  });
});

import { bookingViolations, cancelViolation } from './rules';
import { BookingRule, BookingRules, WeeklyOpening } from './types';

const SH = 'Asia/Shanghai';
const sh = (local: string) => new Date(`${local}:00+08:00`);

const RULES: BookingRules = {
  slotMinutes: 30,
  minMinutes: 30,
  maxMinutes: 480,
  leadMinutes: 120,
  cancelDeadlineMinutes: 1440,
  approvalRequired: false,
  qualificationRequired: false,
};
// Weekdays 08:00–22:00, and Tuesday night open through to Wednesday 06:00. 2026-11-23 is a Monday.
const WEEKLY: WeeklyOpening[] = [
  ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '22:00' })),
  { weekday: 2, start: '22:00', end: '24:00' },
  { weekday: 3, start: '00:00', end: '06:00' },
];
const NOW = sh('2026-11-23T08:00');

describe('bookingViolations', () => {
  const cases: { name: string; start: string; end: string; now?: string; rules?: Partial<BookingRules>; broken: BookingRule[] }[] = [
    { name: 'a booking that keeps every rule', start: '2026-11-23T10:00', end: '2026-11-23T12:00', broken: [] },
    { name: 'exactly the lead time ahead, min length, to closing', start: '2026-11-23T10:00', end: '2026-11-23T10:30', broken: [] },
    { name: 'start off the slot grid', start: '2026-11-23T10:10', end: '2026-11-23T12:00', broken: ['granularity'] },
    { name: 'end off the slot grid', start: '2026-11-23T10:00', end: '2026-11-23T12:15', broken: ['granularity'] },
    { name: 'a custom grid', start: '2026-11-23T10:00', end: '2026-11-23T11:30', rules: { slotMinutes: 60 }, broken: ['granularity'] },
    {
      name: 'shorter than the minimum',
      start: '2026-11-23T10:00',
      end: '2026-11-23T10:30',
      rules: { minMinutes: 60 },
      broken: ['minimum-length'],
    },
    { name: 'empty', start: '2026-11-23T10:00', end: '2026-11-23T10:00', broken: ['minimum-length'] },
    { name: 'ending before it starts', start: '2026-11-23T12:00', end: '2026-11-23T10:00', broken: ['minimum-length'] },
    { name: 'longer than the maximum', start: '2026-11-23T10:00', end: '2026-11-23T18:30', broken: ['maximum-length'] },
    { name: 'exactly the maximum', start: '2026-11-23T10:00', end: '2026-11-23T18:00', broken: [] },
    { name: 'inside the lead time', start: '2026-11-23T10:00', end: '2026-11-23T11:00', now: '2026-11-23T08:01', broken: ['lead-time'] },
    {
      name: 'in the past without a lead time',
      start: '2026-11-23T07:30',
      end: '2026-11-23T08:30',
      rules: { leadMinutes: 0 },
      broken: ['lead-time', 'opening-hours'],
    },
    { name: 'past closing time', start: '2026-11-23T21:00', end: '2026-11-23T23:00', broken: ['opening-hours'] },
    { name: 'before opening time', start: '2026-11-24T07:30', end: '2026-11-24T09:00', broken: ['opening-hours'] },
    { name: 'on a closed day', start: '2026-11-28T10:00', end: '2026-11-28T12:00', broken: ['opening-hours'] },
    {
      name: 'across a closed night between two windows',
      start: '2026-11-23T21:00',
      end: '2026-11-24T09:00',
      rules: { maxMinutes: 1440 },
      broken: ['opening-hours'],
    },
    { name: 'through a merged midnight window', start: '2026-11-24T21:00', end: '2026-11-25T06:00', broken: ['maximum-length'] },
    {
      name: 'through a merged midnight window, long enough allowed',
      start: '2026-11-24T21:00',
      end: '2026-11-25T06:00',
      rules: { maxMinutes: 600 },
      broken: [],
    },
    {
      name: 'several at once',
      start: '2026-11-23T07:10',
      end: '2026-11-23T07:20',
      broken: ['granularity', 'minimum-length', 'lead-time', 'opening-hours'],
    },
  ];

  it.each(cases)('$name → $broken', ({ start, end, now, rules, broken }) => {
    const violations = bookingViolations({
      start: sh(start),
      end: sh(end),
      now: now ? sh(now) : NOW,
      rules: { ...RULES, ...rules },
      weekly: WEEKLY,
      timeZone: SH,
    });
    expect(violations.map((v) => v.rule)).toEqual(broken);
  });

  it('says what is wrong, with the numbers, in Chinese and English (times in Beijing time)', () => {
    const messages = (start: string, end: string, now: string, rules: Partial<BookingRules> = {}) =>
      bookingViolations({ start: sh(start), end: sh(end), now: sh(now), rules: { ...RULES, ...rules }, weekly: WEEKLY, timeZone: SH }).map(
        (v) => v.message,
      );
    expect(messages('2026-11-23T18:00', '2026-11-23T19:00', '2026-11-23T16:30')).toEqual([{
      zh: '该仪器须至少提前 2 小时预约（最早可约北京时间 2026-11-23 18:30）',
      en: 'bookings on this instrument must start at least 120 minutes ahead (earliest 2026-11-23 18:30 Beijing time)',
    }]);
    expect(messages('2026-11-23T18:10', '2026-11-23T18:25', '2026-11-23T08:00').map((m) => m.en)).toEqual([
      'bookings on this instrument must start and end on 30-minute slot boundaries counted from midnight Asia/Shanghai time; 2026-11-23 18:10 and 2026-11-23 18:25 are not',
      'bookings on this instrument must last at least 30 minutes (requested 15)',
    ]);
    expect(messages('2026-11-23T18:10', '2026-11-23T18:25', '2026-11-23T08:00').map((m) => m.zh)).toEqual([
      '该仪器的预约须按 30 分钟的时段开始和结束（从当地零点起算，Asia/Shanghai）；2026-11-23 18:10 和 2026-11-23 18:25 不在时段边界上',
      '该仪器的预约至少 30 分钟（所选 15 分钟）',
    ]);
    expect(messages('2026-11-23T10:00', '2026-11-23T20:00', '2026-11-23T08:00')).toEqual([{
      zh: '该仪器的预约最长 8 小时（所选 10 小时）',
      en: 'bookings on this instrument may last at most 480 minutes (requested 600)',
    }]);
    expect(messages('2026-11-28T10:00', '2026-11-28T12:00', '2026-11-23T08:00')).toEqual([{
      zh: '预约须在同一个开放时段内；2026-11-28 10:00 至 2026-11-28 12:00（Asia/Shanghai）不在开放时间内（周六不开放）',
      en: 'bookings on this instrument must lie within one opening period; 2026-11-28 10:00 to 2026-11-28 12:00 (Asia/Shanghai) is not inside the opening hours (closed on Sat)',
    }]);
    expect(messages('2026-11-23T21:00', '2026-11-23T23:00', '2026-11-23T08:00').map((m) => m.zh)).toEqual([
      '预约须在同一个开放时段内；2026-11-23 21:00 至 2026-11-23 23:00（Asia/Shanghai）不在开放时间内（周一 08:00–22:00）',
    ]);
    expect(messages('2026-11-23T07:30', '2026-11-23T08:30', '2026-11-23T08:00', { leadMinutes: 0 })[0]).toEqual({
      zh: '不能预约已过去的时间（最早北京时间 2026-11-23 08:00）',
      en: 'bookings cannot start in the past (earliest 2026-11-23 08:00 Beijing time)',
    });
  });

  it('measures length in real minutes and the grid in wall-clock time across a DST change (Europe/Berlin)', () => {
    // Sunday 2026-03-29, 01:00 CET to 04:00 CEST: three wall-clock hours, two real ones.
    const input = {
      start: new Date('2026-03-29T01:00:00+01:00'),
      end: new Date('2026-03-29T04:00:00+02:00'),
      now: new Date('2026-03-01T00:00:00Z'),
      rules: { ...RULES, slotMinutes: 60, minMinutes: 60, maxMinutes: 150 },
      weekly: [{ weekday: 7, start: '00:00', end: '24:00' }],
      timeZone: 'Europe/Berlin',
    };
    expect(bookingViolations(input)).toEqual([]);
    expect(bookingViolations({ ...input, rules: { ...input.rules, maxMinutes: 90 } }).map((v) => v.rule)).toEqual(['maximum-length']);
    // 00:45 CET to 03:00 CEST (75 real minutes): 03:00 is minute 180 of the wall clock, on the 45-minute grid,
    // though only 120 minutes have elapsed since midnight.
    const grid45 = { ...input, start: new Date('2026-03-29T00:45:00+01:00'), end: new Date('2026-03-29T03:00:00+02:00') };
    expect(bookingViolations({ ...grid45, rules: { ...input.rules, slotMinutes: 45, minMinutes: 45 } })).toEqual([]);
  });
});

describe('cancelViolation', () => {
  const start = sh('2026-11-24T10:00');

  it.each([
    { now: '2026-11-23T09:00', rules: {}, allowed: true },
    { now: '2026-11-23T10:00', rules: {}, allowed: true },
    { now: '2026-11-23T10:01', rules: {}, allowed: false },
    { now: '2026-11-24T10:00', rules: { cancelDeadlineMinutes: 0 }, allowed: true },
    { now: '2026-11-24T10:30', rules: { cancelDeadlineMinutes: 0 }, allowed: false },
  ])('at $now with $rules → allowed $allowed', ({ now, rules, allowed }) => {
    const violation = cancelViolation({ start, now: sh(now), rules: { ...RULES, ...rules } });
    expect(violation === null).toBe(allowed);
    if (violation) expect(violation.rule).toBe('cancel-deadline');
  });

  it('names the deadline', () => {
    // The deadline in Beijing time and in hours, as people say it (issue 21), not UTC minutes.
    expect(cancelViolation({ start, now: sh('2026-11-23T12:00'), rules: RULES })?.message).toEqual({
      zh: '该仪器的预约须在开始前 24 小时取消（截止北京时间 2026-11-23 10:00，现在北京时间 2026-11-23 12:00）',
      en: 'bookings on this instrument can be cancelled until 24 hours before they start (deadline 2026-11-23 10:00 Beijing time, now 2026-11-23 12:00 Beijing time)',
    });
  });
});

import fc from 'fast-check';
import { parseDateOrInstant, parseInstant } from '../instants';
import {
  calendarDateProblem, dateOrInstantProblem, daysInMonth, instantMs, instantProblem, MAX_YEAR, MIN_YEAR, periodProblem,
} from './calendar-input';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('calendar dates, instants and months of the API', () => {
  it.each([
    ['2025-02-30', 'has no day 30'], ['2025-13-45', 'month 13'], ['0000-01-01', 'year 0000'], ['10000-01-01', 'YYYY-MM-DD'],
    ['2027-02-30', 'has no day 30'], ['2025-02-29', 'has no day 29'], ['1899-12-31', 'year 1899'], ['2201-01-01', 'year 2201'],
    ['2025-1-01', 'YYYY-MM-DD'], ['2025-00-10', 'month 00'], ['2025-04-31', 'has no day 31'],
  ])('refuses the date %s (%s)', (text, reason) => {
    expect(calendarDateProblem(text)).toContain(reason);
  });

  it.each(['2024-02-29', '2000-02-29', '1900-01-01', '2200-12-31', '2025-12-31'])('accepts the date %s', (text) => {
    expect(calendarDateProblem(text)).toBeNull();
  });

  it.each([
    ['2025-02-30T09:00:00+08:00', 'has no day 30'], ['2025-01-01T00:00:00+99:99', 'offset +99:99'], ['2025-01-01T00:00:00+14:01', 'offset'],
    ['2025-01-01T00:00:00-15:00', 'offset'], ['2025-01-01T24:00:00Z', 'not a time of day'], ['2025-01-01T09:60Z', 'not a time of day'],
    ['2025-01-01T09:00:60Z', 'not a time of day'], ['2025-01-01T09:00:00', 'with an offset'], ['0000-01-01T00:00:00Z', 'year 0000'],
    ['+010000-01-01T00:00:00Z', 'with an offset'],
  ])('refuses the instant %s (%s)', (text, reason) => {
    expect(instantProblem(text)).toContain(reason);
    expect(typeof parseInstant(text)).toBe('string');
  });

  it.each([
    ['2025-01-01T00:00:00+14:00', '2024-12-31T10:00:00.000Z'], ['2025-01-01T00:00:00-12:00', '2025-01-01T12:00:00.000Z'],
    ['2025-03-04T09:00+08:00', '2025-03-04T01:00:00.000Z'], ['2025-03-04T09:00:00.5Z', '2025-03-04T09:00:00.500Z'],
  ])('reads the instant %s as %s', (text, iso) => {
    expect(instantProblem(text)).toBeNull();
    expect(new Date(instantMs(text)).toISOString()).toBe(iso);
  });

  it.each([['2025-13', 'month 13'], ['2025-00', 'month 00'], ['0000-01', 'year 0000'], ['2025-1', 'YYYY-MM'], ['10000-01', 'YYYY-MM']])('refuses the month %s', (text, reason) => {
    expect(periodProblem(text)).toContain(reason);
  });

  it('refuses anything that is not a string', () => {
    for (const value of [null, undefined, 20250101, {}, ['2025-01-01']]) {
      expect(calendarDateProblem(value)).not.toBeNull();
      expect(instantProblem(value)).not.toBeNull();
      expect(dateOrInstantProblem(value)).not.toBeNull();
      expect(periodProblem(value)).not.toBeNull();
    }
  });

  it('a +99:99 offset no longer becomes an Invalid Date (once stored as an open-ended validity)', () => {
    expect(typeof parseDateOrInstant('2026-01-01T00:00:00+99:99')).toBe('string');
  });

  it('accepts exactly the days of the Gregorian calendar in range, as JavaScript counts them', () => {
    fc.assert(fc.property(fc.integer({ min: 1850, max: 2250 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
      const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
      const js = new Date(Date.UTC(y, m - 1, d));
      const real = m >= 1 && m <= 12 && js.getUTCFullYear() === y && js.getUTCMonth() === m - 1 && js.getUTCDate() === d;
      expect(calendarDateProblem(text) === null).toBe(real && y >= MIN_YEAR && y <= MAX_YEAR);
      if (m >= 1 && m <= 12) expect(daysInMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
    }), { numRuns: 2000 });
  });

  it('reads every valid instant as Date.parse does, and never answers NaN for one it accepts', () => {
    const instant = fc.record({
      date: fc.date({ min: new Date('1900-01-02T00:00:00Z'), max: new Date('2200-12-30T00:00:00Z'), noInvalidDate: true }),
      offset: fc.integer({ min: -14 * 60, max: 14 * 60 }),
      seconds: fc.boolean(),
    }).map(({ date, offset, seconds }) => {
      const local = new Date(date.getTime() + offset * 60000).toISOString();
      const sign = offset < 0 ? '-' : '+';
      const abs = Math.abs(offset);
      return `${local.slice(0, seconds ? 23 : 16)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
    });
    fc.assert(fc.property(instant, (text) => {
      expect(instantProblem(text)).toBeNull();
      expect(instantMs(text)).toBe(Date.parse(text));
    }), { numRuns: 2000 });
  });

  it('never throws and never accepts a string that is not a date or instant, whatever the text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (text) => {
      const problem = dateOrInstantProblem(text);
      if (problem === null) expect(Number.isFinite((parseDateOrInstant(text) as Date).getTime())).toBe(true);
      else expect(typeof parseDateOrInstant(text)).toBe('string');
    }), { numRuns: 2000 });
  });
});

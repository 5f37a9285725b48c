import { lastValidDay, nextRange, validToAfter } from './manage-forms';

describe('nextRange', () => {
  it.each([
    { name: 'a closed day', ranges: [], next: { start: '08:00', end: '18:00' } },
    { name: 'after a morning', ranges: [{ start: '08:00', end: '12:00' }], next: { start: '14:00', end: '18:00' } },
    { name: 'after the afternoon', ranges: [{ start: '08:00', end: '12:00' }, { start: '14:00', end: '18:00' }], next: { start: '20:00', end: '24:00' } },
    { name: 'late in the evening: stops at midnight', ranges: [{ start: '08:00', end: '21:30' }], next: { start: '23:00', end: '24:00' } },
    { name: 'after a day open to midnight', ranges: [{ start: '00:00', end: '24:00' }], next: { start: '23:00', end: '24:00' } },
  ])('$name → $next.start–$next.end', ({ ranges, next }) => {
    expect(nextRange(ranges)).toEqual(next);
  });
});

describe('a qualification’s last day in Beijing time', () => {
  it.each([
    ['2027-06-30', '2027-06-30T16:00:00.000Z'],
    ['2026-12-31', '2026-12-31T16:00:00.000Z'],
    ['2028-02-29', '2028-02-29T16:00:00.000Z'],
  ])('valid through %s is validTo the midnight after it (%s UTC), and reads back as the same day', (day, utc) => {
    expect(new Date(validToAfter(day)).toISOString()).toBe(utc);
    expect(lastValidDay(utc)).toBe(day);
  });

  it('a validTo given at another hour reads as the day it still covers', () => {
    expect(lastValidDay('2027-06-30T02:00:00.000Z')).toBe('2027-06-30');
    expect(lastValidDay('2027-06-29T16:00:00.001Z')).toBe('2027-06-30');
  });
});

import fc from 'fast-check';
import { QUALIFICATION_EXPIRING_DAYS, QUALIFICATION_STANDINGS, qualificationStanding } from './qualification-standing';

const NOW = new Date('2026-12-03T04:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const DAY = 86_400_000;

describe('qualificationStanding', () => {
  it.each([
    { name: 'a year ahead', validTo: later(365 * DAY), standing: 'valid' },
    { name: 'a month and a minute ahead', validTo: later(30 * DAY + 60_000), standing: 'valid' },
    { name: 'exactly a month ahead', validTo: later(30 * DAY), standing: 'expiring' },
    { name: 'tomorrow', validTo: later(DAY), standing: 'expiring' },
    { name: 'a millisecond ahead', validTo: later(1), standing: 'expiring' },
    { name: 'now (validTo is exclusive)', validTo: NOW, standing: 'expired' },
    { name: 'last week', validTo: later(-7 * DAY), standing: 'expired' },
  ])('$name → $standing', ({ validTo, standing }) => {
    expect(qualificationStanding(validTo, NOW)).toBe(standing);
  });

  it('warns a month ahead by default, and as many days as asked', () => {
    expect(QUALIFICATION_EXPIRING_DAYS).toBe(30);
    expect(qualificationStanding(later(10 * DAY), NOW, 7)).toBe('valid');
    expect(qualificationStanding(later(7 * DAY), NOW, 7)).toBe('expiring');
  });

  it('only ever moves forward, valid → expiring → expired, as time passes (property)', () => {
    const order = (s: string) => QUALIFICATION_STANDINGS.indexOf(s as never);
    fc.assert(fc.property(fc.integer({ min: -400 * DAY, max: 400 * DAY }), fc.nat({ max: 400 * DAY }), (offset, wait) => {
      const validTo = later(offset);
      expect(order(qualificationStanding(validTo, later(wait)))).toBeGreaterThanOrEqual(order(qualificationStanding(validTo, NOW)));
    }));
  });
});

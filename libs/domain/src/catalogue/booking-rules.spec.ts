import fc from 'fast-check';
import { bookingRuleProblems } from './booking-rules';

describe('bookingRuleProblems', () => {
  it.each([
    [{ slotMinutes: 30, minMinutes: 30, maxMinutes: 480 }, []],
    [{ slotMinutes: 15, minMinutes: 60, maxMinutes: 60 }, []],
    [{ slotMinutes: 30, minMinutes: 60, maxMinutes: 30 }, ['bookingRules.minMinutes: minMinutes must not exceed maxMinutes']],
    [{ slotMinutes: 30, minMinutes: 45, maxMinutes: 480 }, ['bookingRules.minMinutes: minMinutes must be a multiple of slotMinutes']],
    [{ slotMinutes: 30, minMinutes: 30, maxMinutes: 100 }, ['bookingRules.maxMinutes: maxMinutes must be a multiple of slotMinutes']],
    [{ slotMinutes: 40, minMinutes: 90, maxMinutes: 50 }, [
      'bookingRules.minMinutes: minMinutes must not exceed maxMinutes',
      'bookingRules.minMinutes: minMinutes must be a multiple of slotMinutes',
      'bookingRules.maxMinutes: maxMinutes must be a multiple of slotMinutes',
    ]],
  ])('%j → %j', (rules, expected) => {
    expect(bookingRuleProblems(rules).map((p) => `${p.field}: ${p.reason.en}`)).toEqual(expected);
  });

  it('accepts exactly the rules under which some booking length passes both bounds in whole slots', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 7 }), (slot, minSlots, maxSlots, off) => {
      const rules = { slotMinutes: slot, minMinutes: minSlots * slot + (off % slot), maxMinutes: maxSlots * slot };
      const ok = rules.minMinutes <= rules.maxMinutes && rules.minMinutes % slot === 0;
      expect(bookingRuleProblems(rules).length === 0).toBe(ok);
    }));
  });
});

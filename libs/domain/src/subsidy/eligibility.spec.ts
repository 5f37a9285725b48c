import type { Grade } from './policy';
import { ineligibility, ineligibleReason } from './eligibility';

const policy = { eligibleGrades: ['excellent', 'good', 'pass'] as Grade[], minExternalHours: 40 };
const HOUR = 60n;

describe('which rule leaves an institution without a subsidy', () => {
  it.each<[Grade, bigint, ReturnType<typeof ineligibility>]>([
    ['good', 40n * HOUR, null],
    ['pass', 40n * HOUR, null],
    ['good', 40n * HOUR - 1n, 'external-hours'],
    ['pass', 0n, 'external-hours'],
    // Both rules apply: the grade wins.
    ['poor', 0n, 'grade'],
    ['poor', 39n * HOUR, 'grade'],
    ['poor', 100n * HOUR, 'grade'],
  ])('grade %s with %s external minutes: %s', (grade, externalMinutes, expected) => {
    expect(ineligibility({ grade, externalMinutes }, policy)).toBe(expected);
  });

  it('states the reason stored with the result', () => {
    expect(ineligibleReason({ grade: 'poor', externalMinutes: 0n }, policy)).toBe('grade poor is not among the eligible grades (excellent, good, pass)');
    expect(ineligibleReason({ grade: 'pass', externalMinutes: 1200n }, policy)).toBe('external hours 20.00 are below the minimum 40');
    expect(ineligibleReason({ grade: 'good', externalMinutes: 2400n }, policy)).toBeNull();
  });
});

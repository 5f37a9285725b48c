import fc from 'fast-check';
import { assessedScoreProblem, exitReason, expertScoreHundredths, type RoundOutcome } from './assessment';

describe('an assessed indicator’s score from its experts', () => {
  it.each<[string, bigint[], bigint | null]>([
    ['no expert yet: missing, not zero', [], null],
    ['one expert', [725n], 725n],
    ['the exact mean', [800n, 600n], 700n],
    ['a third of a hundredth rounds down', [100n, 100n, 101n], 100n],
    ['two thirds of a hundredth rounds up', [100n, 101n, 101n], 101n],
    ['half a hundredth rounds up', [100n, 101n], 101n],
    ['four experts: nothing dropped', [0n, 500n, 500n, 1000n], 500n],
    ['five experts: the highest and lowest dropped', [0n, 600n, 700n, 800n, 1000n], 700n],
    ['five experts, ties at the ends: one of each dropped', [600n, 600n, 700n, 800n, 800n], 700n],
    ['six experts', [100n, 200n, 300n, 400n, 500n, 2000n], 350n],
  ])('%s', (_what, scores, expected) => {
    expect(expertScoreHundredths(scores)).toBe(expected);
  });

  it('refuses a negative score rather than averaging it', () => {
    expect(() => expertScoreHundredths([100n, -1n])).toThrow(RangeError);
  });

  const scores = fc.array(fc.bigInt({ min: 0n, max: 10_000n }), { minLength: 1, maxLength: 12 });

  it('lies between the lowest and highest score and does not depend on the order scores came in', () => {
    fc.assert(fc.property(scores, fc.integer(), (list, seed) => {
      const score = expertScoreHundredths(list)!;
      const min = list.reduce((a, b) => (a < b ? a : b));
      const max = list.reduce((a, b) => (a > b ? a : b));
      expect(score >= min && score <= max).toBe(true);
      const shuffled = [...list].sort(() => ((seed = (seed * 1103515245 + 12345) | 0) & 1 ? 1 : -1));
      expect(expertScoreHundredths(shuffled)).toBe(score);
    }));
  });

  it('with fewer than five experts, is the half-up rounding of the exact mean (sum = mean × n within half a hundredth per expert)', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: 10_000n }), { minLength: 1, maxLength: 4 }), (list) => {
      const n = BigInt(list.length);
      const sum = list.reduce((a, b) => a + b, 0n);
      const score = expertScoreHundredths(list)!;
      // |score − sum/n| ≤ 1/2, with a half going up: 2·sum − n < 2·n·score ≤ 2·sum + n.
      expect(2n * n * score > 2n * sum - n && 2n * n * score <= 2n * sum + n).toBe(true);
    }));
  });

  it('a single outlier among five or more experts cannot move the score beyond the others', () => {
    fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: 1_000n }), { minLength: 4, maxLength: 10 }), fc.bigInt({ min: 0n, max: 10n ** 9n }), (others, outlier) => {
      const max = others.reduce((a, b) => (a > b ? a : b));
      expect(expertScoreHundredths([...others, outlier])! <= max).toBe(true);
    }));
  });
});

describe('an assessed score against its indicator’s maximum', () => {
  it.each<[bigint, number, string | null]>([[0n, 10, null], [1000n, 10, null], [1001n, 10, 'above-maximum'], [-1n, 10, 'negative'], [250n, 2, 'above-maximum']])('%s hundredths of max %s → %s', (score, max, problem) => {
    expect(assessedScoreProblem(score, max)).toBe(problem);
  });
});

describe('exit from the network after poor rounds (有进有出)', () => {
  const poor = (rectificationAccepted: boolean | null = null): RoundOutcome => ({ grade: 'poor', rectificationAccepted });
  const good: RoundOutcome = { grade: 'good', rectificationAccepted: null };

  it.each<[string, RoundOutcome[], number | null, string | null]>([
    ['no history', [], 2, null],
    ['one poor round of two allowed', [good, poor()], 2, null],
    ['two consecutive poor rounds', [good, poor(true), poor()], 2, 'consecutive-poor'],
    ['poor rounds interrupted by a good one', [poor(true), good, poor()], 2, null],
    ['a rectification not accepted', [good, poor(false)], 2, 'rectification-not-accepted'],
    ['an accepted rectification', [good, poor(true)], 2, null],
    ['an old rejected rectification, good since', [poor(false), good], 2, null],
    ['no exit rule: poor rounds alone never bar', [poor(true), poor(true), poor(true)], null, null],
    ['no exit rule, but the rectification was refused', [poor(false)], null, 'rectification-not-accepted'],
  ])('%s', (_what, history, after, expected) => {
    expect(exitReason(history, after)).toBe(expected);
  });

  it('a good latest round never bars, and a longer poor streak bars whenever a shorter one does', () => {
    const outcome = fc.record({ grade: fc.constantFrom('excellent', 'good', 'pass', 'poor' as const), rectificationAccepted: fc.constantFrom(true, false, null) });
    fc.assert(fc.property(fc.array(outcome, { maxLength: 8 }), fc.integer({ min: 1, max: 4 }), (history, after) => {
      expect(exitReason([...history, good], after)).toBeNull();
      if (exitReason(history, after) === 'consecutive-poor') expect(exitReason([...history, poor(true)], after)).toBe('consecutive-poor');
    }));
  });
});

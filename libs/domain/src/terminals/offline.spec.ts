import fc from 'fast-check';
import { sessionIsLate, sessionTimeProblem, terminalSigningKey, TERMINAL_LATE_DAYS_DEFAULT, TERMINAL_SESSION_MAX_HOURS, type SessionTimeProblem } from './offline';
import { terminalSignature } from './signed-request';

const now = new Date('2026-12-05T10:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe('a terminal’s session times', () => {
  it.each<[string, Date, Date | null, SessionTimeProblem | null]>([
    ['an hour that just ended', ago(60), ago(0), null],
    ['still running', ago(30), null, null],
    ['ended six days ago', ago(6 * 1440 + 60), ago(6 * 1440), null],
    ['ended just inside the late days', ago(7 * 1440), ago(7 * 1440 - 1), null],
    ['ended a minute past the late days', ago(7 * 1440 + 61), ago(7 * 1440 + 1), 'too-old'],
    ['ending before it began', ago(10), ago(20), 'order'],
    ['ending four minutes ahead (a clock running fast)', ago(10), ago(-4), null],
    ['ending six minutes ahead', ago(10), ago(-6), 'future'],
    ['three days exactly', ago(72 * 60 + 5), ago(5), null],
    ['longer than three days', ago(72 * 60 + 6), ago(5), 'too-long'],
  ])('%s', (_what, start, end, problem) => {
    expect(sessionTimeProblem(start, end, now, TERMINAL_LATE_DAYS_DEFAULT)).toBe(problem);
  });

  it('an accepted session never ends after now plus the window, nor before now minus the late days, and is never longer than the maximum', () => {
    fc.assert(fc.property(fc.integer({ min: -20_000, max: 20_000 }), fc.integer({ min: -100, max: 6000 }), fc.integer({ min: 1, max: 30 }), (endAgo, length, days) => {
      const end = ago(endAgo);
      const start = new Date(end.getTime() - length * 60_000);
      if (sessionTimeProblem(start, end, now, days) !== null) return;
      expect(end.getTime()).toBeLessThanOrEqual(now.getTime() + 300_000);
      expect(now.getTime() - end.getTime()).toBeLessThanOrEqual(days * 86_400_000);
      expect(end.getTime() - start.getTime()).toBeLessThanOrEqual(TERMINAL_SESSION_MAX_HOURS * 3_600_000);
      expect(start.getTime()).toBeLessThanOrEqual(end.getTime());
    }));
  });

  it.each([[ago(0), false], [ago(5), false], [ago(6), true], [ago(1440), true]] as const)('a session ended at %s is late: %s', (end, late) => {
    expect(sessionIsLate(end, now)).toBe(late);
  });

  it('signs with the digest of the credential, so the platform need not keep the credential', () => {
    const parts = { method: 'POST', path: '/api/v1/terminal/sessions/start', timestamp: 1, nonce: 'n'.repeat(16), body: '{}' };
    expect(terminalSigningKey('tsec_abc')).toMatch(/^[0-9a-f]{64}$/);
    fc.assert(fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
      fc.pre(a !== b);
      expect(terminalSignature(terminalSigningKey(a), parts)).not.toBe(terminalSignature(terminalSigningKey(b), parts));
    }));
  });
});

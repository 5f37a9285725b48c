import fc from 'fast-check';
import { nonceExpiresAt, terminalSignature, terminalSignatureProblem, TERMINAL_CLOCK_WINDOW_SECONDS, type TerminalSignatureParts } from './signed-request';

const secret = 'c2VjcmV0LW9mLXRlcm1pbmFsLW9uZQ';
const now = 1_796_000_000;
const request: TerminalSignatureParts = { method: 'POST', path: '/api/v1/terminal/sessions', timestamp: now, nonce: 'n0nce-0123456789ab', body: '{"sequence":1,"event":"start"}' };

describe('a terminal’s signed request', () => {
  const signed = terminalSignature(secret, request);

  it.each<[string, Partial<TerminalSignatureParts>, string | null, number, string | null]>([
    ['as signed', {}, null, now, null],
    ['at the edge of the window', {}, null, now + TERMINAL_CLOCK_WINDOW_SECONDS, null],
    ['a second past the window (replayed later)', {}, null, now + TERMINAL_CLOCK_WINDOW_SECONDS + 1, 'clock-skew'],
    ['from a clock running ahead', {}, null, now - TERMINAL_CLOCK_WINDOW_SECONDS - 1, 'clock-skew'],
    ['another body', { body: '{"sequence":2,"event":"start"}' }, null, now, 'bad-signature'],
    ['another path', { path: '/api/v1/terminal/sessions/batch' }, null, now, 'bad-signature'],
    ['a short nonce', { nonce: 'abc' }, null, now, 'malformed'],
    ['a signature that is not hex', {}, 'z'.repeat(64), now, 'malformed'],
    ['another terminal’s secret', {}, terminalSignature('other', request), now, 'bad-signature'],
  ])('%s', (_what, change, signature, at, problem) => {
    expect(terminalSignatureProblem(secret, { ...request, ...change }, signature ?? signed, at)).toBe(problem);
  });

  it('any change to any signed part is refused', () => {
    fc.assert(fc.property(fc.constantFrom('method', 'path', 'nonce', 'body' as const), fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/), (part, extra) => {
      const changed = { ...request, [part]: `${request[part]}${extra}` };
      expect(terminalSignatureProblem(secret, changed, signed, now)).not.toBeNull();
    }));
  });

  it('remembers a nonce until the window has closed on it', () => {
    expect(terminalSignatureProblem(secret, request, signed, nonceExpiresAt(now))).toBe('clock-skew');
  });
});

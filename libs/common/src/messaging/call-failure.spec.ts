import { classifyCallFailure, worthOneRetry } from './call-failure';

describe('classifyCallFailure', () => {
  it.each([
    [new Error('503 no responders for booking.get'), 'no-responders'],
    [Object.assign(new Error('no responders'), { code: '503' }), 'no-responders'],
    [new Error('TIMEOUT: no answer to booking.get within 10000 ms'), 'timeout'],
    [Object.assign(new Error('CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }), 'disconnected'],
    [new Error('CONNECTION_REFUSED'), 'disconnected'],
    [new Error('empty reply to booking.get'), 'other'],
    [new TypeError('x is not a function'), 'other'],
    [undefined, 'other'],
  ])('%p → %s', (error, kind) => {
    expect(classifyCallFailure(error)).toBe(kind);
  });

  it('only no responders and timeouts are worth one retry on another replica', () => {
    expect(worthOneRetry('no-responders')).toBe(true);
    expect(worthOneRetry('timeout')).toBe(true);
    expect(worthOneRetry('disconnected')).toBe(false);
    expect(worthOneRetry('other')).toBe(false);
  });
});

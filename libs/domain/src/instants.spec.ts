import { parseDateOrInstant, parseInstant } from './instants';

describe('exchange dates and instants', () => {
  it('reads a date as 00:00 Asia/Shanghai', () => {
    expect((parseDateOrInstant('2025-07-01') as Date).toISOString()).toBe('2025-06-30T16:00:00.000Z');
  });

  it('reads instants with their offset', () => {
    expect((parseDateOrInstant('2025-06-30T16:30:00+00:00') as Date).toISOString()).toBe('2025-06-30T16:30:00.000Z');
    expect((parseInstant('2025-03-04T09:00:00+08:00') as Date).toISOString()).toBe('2025-03-04T01:00:00.000Z');
  });

  it.each(['2025-02-30', '2025-07-01T09:00:00', '2025-07-01 09:00+08:00', '2025-07-01T25:00:00Z', 'yesterday'])('refuses %s', (text) => {
    expect(typeof parseDateOrInstant(text)).toBe('string');
  });
});

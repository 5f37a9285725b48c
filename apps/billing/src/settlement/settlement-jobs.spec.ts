import { monthlyPeriodOf, monthlyRunDue, MONTHLY_RERUN_AFTER_MS } from './settlement-jobs';

describe('the scheduled monthly settlement', () => {
  // Scheduled for 2026-06-01 02:00 Shanghai (18:00 UTC the day before), created when May's run was queued.
  const scheduledFor = Date.parse('2026-05-31T18:00:00Z');
  const job = { timestamp: scheduledFor - 3600e3, opts: { delay: 3600e3 } };

  // Not the month before the run's own clock: a run that failed on 1 June and is rerun in July is still May's.
  it('settles the month before the moment it was scheduled for', () => {
    expect(monthlyPeriodOf(job)).toBe('2026-05');
  });

  it('is rerun by itself a while after it failed, not at once', () => {
    const failedAt = Date.parse('2026-05-31T18:07:00Z');
    expect(monthlyRunDue(failedAt, failedAt + 60000)).toBe(false);
    expect(monthlyRunDue(failedAt, failedAt + MONTHLY_RERUN_AFTER_MS)).toBe(true);
    expect(monthlyRunDue(undefined, failedAt)).toBe(false);
  });
});

import type { Job } from 'bullmq';
import { jobStatus } from './job-status';

const failed = (failedReason: string, extra: Partial<Job> = {}) => ({ id: 'billing-settlement.x', progress: 40, attemptsMade: 1, failedReason, ...extra }) as unknown as Job;

describe('jobStatus', () => {
  it('names a job that failed because its worker kept crashing, and how to retry it (GET /settlements shows this message)', () => {
    const status = jobStatus(failed('job stalled more than allowable limit', { stalledCounter: 6 } as Partial<Job>), 'failed');
    expect(status.state).toBe('failed');
    expect(status.error).toMatchObject({ code: 'INTERNAL', details: { reason: 'stalled' } });
    expect(status.error?.message).toMatchObject({ zh: expect.stringContaining('已中断 6 次'), en: expect.stringMatching(/crashed or was killed\) 6 times/) });
    expect(status.error?.message).toMatchObject({ en: expect.stringMatching(/POST \/jobs\/billing-settlement\.x\/retry/) });
  });

  it('passes one of our error bodies through', () => {
    const body = { code: 'RULE_VIOLATION', message: 'the month is not over yet' };
    expect(jobStatus(failed(JSON.stringify(body)), 'failed').error).toEqual(body);
  });

  it('does not show a driver’s text, but says where the reason is and how to retry', () => {
    const status = jobStatus(failed('duplicate key value violates unique constraint "statement_pkey" (secret row)'), 'failed');
    expect(JSON.stringify(status.error?.message)).not.toMatch(/secret/);
    expect(status.error?.message).toMatchObject({ zh: expect.stringContaining('重试'), en: expect.stringMatching(/retry/) });
  });
});

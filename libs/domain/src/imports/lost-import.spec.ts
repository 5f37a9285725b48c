import { importJobState, lostImportAction } from './lost-import';

const rules = { graceSeconds: 60, maxResumes: 3 };

describe('lostImportAction', () => {
  it('resumes an open import whose job is gone once the grace has passed', () => {
    expect(lostImportAction({ state: 'applying', idleSeconds: 61, resumes: 0, jobAlive: false }, rules)).toBe('resume');
    expect(lostImportAction({ state: 'uploaded', idleSeconds: 600, resumes: 2, jobAlive: false }, rules)).toBe('resume');
  });
  it('leaves an import within its grace, with a live job, or finished', () => {
    expect(lostImportAction({ state: 'applying', idleSeconds: 10, resumes: 0, jobAlive: false }, rules)).toBe('leave');
    expect(lostImportAction({ state: 'applying', idleSeconds: 600, resumes: 0, jobAlive: true }, rules)).toBe('leave');
    for (const state of ['applied', 'rolled-back', 'failed'] as const) {
      expect(lostImportAction({ state, idleSeconds: 600, resumes: 0, jobAlive: false }, rules)).toBe('leave');
    }
  });
  it('rolls back an import resumed too often', () => {
    expect(lostImportAction({ state: 'applying', idleSeconds: 600, resumes: 3, jobAlive: false }, rules)).toBe('roll-back');
  });
});

describe('importJobState', () => {
  it('maps stored import states to job states', () => {
    expect(importJobState('uploaded')).toBe('waiting');
    expect(importJobState('applying')).toBe('active');
    expect(importJobState('applied')).toBe('completed');
    expect(importJobState('rolled-back')).toBe('failed');
    expect(importJobState('failed')).toBe('failed');
  });
});

/** Where an import stands, as stored with its bundle (catalogue.import_bundle). */
export type ImportState = 'uploaded' | 'applying' | 'applied' | 'rolled-back' | 'failed';

export interface OpenImport {
  state: ImportState;
  /** Seconds since the import's state last changed. */
  idleSeconds: number;
  /** Times the sweep has re-enqueued it already. */
  resumes: number;
  /** Whether BullMQ still has a job under the import's id that will run (waiting, active, delayed…). */
  jobAlive: boolean;
}

export interface SweepRules {
  /** How long an open import may go without its job before it counts as lost. */
  graceSeconds: number;
  /** Re-enqueues before the sweep gives up and rolls the import back. */
  maxResumes: number;
}

/**
 * What the catalogue's sweep does with an import: an import whose job vanished (Redis restarted
 * without persistence, a worker killed) is never left half. Resuming is safe because applying is
 * idempotent (every part an upsert by code, 'applied' written in the catalogue's own transaction);
 * the grace keeps the sweep off an import whose job is merely about to be enqueued or picked up.
 */
export function lostImportAction(i: OpenImport, rules: SweepRules): 'leave' | 'resume' | 'roll-back' {
  if (i.state !== 'uploaded' && i.state !== 'applying') return 'leave';
  if (i.jobAlive || i.idleSeconds < rules.graceSeconds) return 'leave';
  return i.resumes < rules.maxResumes ? 'resume' : 'roll-back';
}

/** The job state GET /jobs/:id shows for an import that BullMQ no longer knows. */
export function importJobState(state: ImportState): 'waiting' | 'active' | 'completed' | 'failed' {
  switch (state) {
    case 'uploaded': return 'waiting';
    case 'applying': return 'active';
    case 'applied': return 'completed';
    default: return 'failed';
  }
}

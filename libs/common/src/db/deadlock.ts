import { pgCode } from '../errors/pg-errors';

/** SQLSTATE 40P01: PostgreSQL broke a lock cycle by aborting this transaction. */
export const PG_DEADLOCK_DETECTED = '40P01';

/**
 * Runs a write again when PostgreSQL chose it as a deadlock's victim. Two concurrent inserts of
 * overlapping rows under an exclusion constraint can each find the other's uncommitted row and wait
 * for it (unlike a unique index, an exclusion constraint has no tie-break), and PostgreSQL then
 * aborts one of them. Tried again, the victim finds the other's committed row and gets the
 * ordinary exclusion violation (a 409), or succeeds if the other rolled back. `write` must be a
 * whole transaction (or one statement) so that running it again repeats nothing half-done.
 */
export async function retryOnDeadlock<T>(write: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || pgCode(error) !== PG_DEADLOCK_DETECTED) throw error;
    }
  }
}

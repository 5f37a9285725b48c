import type { CellError } from '../queues';
import type { SubsidyRunView } from '../subsidy.dto';

/** Replies of subsidy subjects (see subjects.ts). */

/** The bad cells of a bundle's policy.json (none: it may be imported). */
export interface PolicyImportCheckReply {
  errors: CellError[];
}

/** What importing a bundle's policy.json did, by policy version. */
export interface PolicyImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** A stored result (an institution's or an instrument's), as the evaluation wrote it. */
export type StoredResult = Record<string, unknown>;

/** Every institution's result of a run, in institution-code order. */
export interface RunResultsPage {
  run: SubsidyRunView;
  items: StoredResult[];
}

/** One institution's result with the sentences that explain it and its instruments' results. */
export interface InstitutionRunResult {
  run: SubsidyRunView;
  result: StoredResult;
  /** Null when the run's policy no longer parses. */
  explanation: Record<string, string> | null;
  instruments: StoredResult[];
}

/** GET /subsidy-runs/:id/results: all institutions, or one with `institution`. */
export type RunResultsReply = RunResultsPage | InstitutionRunResult;


import type { CellError } from '../queues';
import type { SubsidyRunView } from '../subsidy.dto';
import type { ExplainedInstrumentResultView, StoredInstitutionResultView } from './subsidy-results.views';

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

/** Every institution's result of a run, in institution-code order. */
export interface RunResultsPage {
  run: SubsidyRunView;
  items: StoredInstitutionResultView[];
}

/** One institution's result with the sentences that explain it and its instruments' results. */
export interface InstitutionRunResult {
  run: SubsidyRunView;
  result: StoredInstitutionResultView;
  /** Null when the run's policy no longer parses. */
  explanation: Record<string, string> | null;
  instruments: ExplainedInstrumentResultView[];
}

/** GET /subsidy-runs/:id/results: all institutions, or one with `institution`. */
export type RunResultsReply = RunResultsPage | InstitutionRunResult;


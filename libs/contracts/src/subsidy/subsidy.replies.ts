import type { CellError } from '../queues';
import type { SubsidyRunView } from '../subsidy.dto';

/** Replies of subsidy subjects (see subjects.ts). */

/** A policy version. */
export interface PolicyView {
  id: string;
  code: string;
  version: number;
  document: Record<string, unknown>;
  createdAt: string;
  usedByPublishedRun: boolean;
}

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

/** A run created and the job computing it. */
export interface RunStarted {
  runId: string;
  jobId: string;
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

/** One institution's subsidy in a run and in the run it is compared with. */
export interface RunComparisonItem {
  institutionCode: string;
  baseFen: number;
  runFen: number;
  deltaFen: number;
  baseGrade: string | null;
  runGrade: string | null;
}

/** A run beside another: who gains, who loses, by how much. */
export interface RunComparison {
  run: SubsidyRunView;
  base: SubsidyRunView;
  items: RunComparisonItem[];
  gainers: number;
  losers: number;
}

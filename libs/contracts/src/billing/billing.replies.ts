import type { ChargeView, StatementView } from './billing.dto';
import type { UsageRecordDetailView } from '../subsidy/subsidy-results.views';

/** Replies of billing subjects that have no view of their own (see subjects.ts). */

/** One statement with its charges: all of them (`statement`) or only the caller's own (`own`). */
export type StatementDetail = StatementView & { charges: ChargeView[]; chargesScope: 'statement' | 'own' };

/** Per billing file of a bundle: rows written new and rows updated. */
export interface BillingImportCounts {
  [file: string]: { inserted: number; updated: number; unchanged: number };
}

/** How many usage groups billing wrote to the list, in how many chunks (UsageGroupRow lines). */
export interface UsageGroupsSummed {
  groups: number;
  chunks: number;
}

/** One counted usage record behind an instrument's figures (a subsidy explanation): one definition, a documented class. */
export type UsageRecordDetail = UsageRecordDetailView;

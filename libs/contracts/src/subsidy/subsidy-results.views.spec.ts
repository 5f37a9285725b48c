import { DECORATORS } from '@nestjs/swagger/dist/constants';
import type { InstitutionResult } from '@yixiang/domain';
import type { InstitutionRunResult, RunResultsPage } from './subsidy.replies';
import { ExplainedInstrumentResultView, StoredIndicatorsView, StoredInstitutionResultView, StoredResultCountsView } from './subsidy-results.views';

// Compile-time: the subsidy service's reply is checked against the documented classes (`npx tsc`).
function replyShapes(run: RunResultsPage['run']): void {
  // @ts-expect-error a stored result is every figure of the evaluation, not any JSON object
  const page: RunResultsPage = { run, items: [{ institutionCode: 'A-UNIV' }] };
  const one: InstitutionRunResult = { run, result: page.items[0], explanation: null, instruments: [] };
  // @ts-expect-error fen in a stored result is decimal text, not a number
  one.result.subsidyFen = 0;
}

/** The same keys both ways, or `false`. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Compile-time: the documented figures are the evaluation's (libs/domain InstitutionResult), its
// instruments stored apart and its evaluation.csv line added; a figure added on one side only fails `npx tsc`.
const sameFigures: Same<keyof StoredInstitutionResultView, Exclude<keyof InstitutionResult, 'instruments'> | 'row'> = true;
const sameIndicators: Same<keyof StoredIndicatorsView, keyof InstitutionResult['indicators']> = true;
const sameCounts: Same<keyof StoredResultCountsView, keyof InstitutionResult['counts']> = true;

const documented = (view: object): string[] => Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, (view as { prototype: object }).prototype) ?? [];

describe('a run\'s stored results as documented', () => {
  it('documents every figure of an institution\'s stored result', () => {
    expect([typeof replyShapes, sameFigures, sameIndicators, sameCounts]).toEqual(['function', true, true, true]);
    expect(documented(StoredInstitutionResultView).map((p) => p.replace(/^:/, '')).sort()).toEqual([
      'counts', 'effectiveMinutes', 'eligibleInstruments', 'externalInstitutions', 'externalMinutes', 'grade', 'gradeBeforeQuota', 'incomeBaseFen',
      'indicators', 'ineligibleReason', 'institutionCode', 'minutesBySource', 'rank', 'ratings', 'row', 'subsidyBeforeBudgetFen', 'subsidyFen', 'total',
    ]);
    expect(documented(ExplainedInstrumentResultView).map((p) => p.replace(/^:/, ''))).toContain('records');
  });

  it('documents bigints as decimal text with their unit', () => {
    const openRate = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, StoredIndicatorsView.prototype, 'openRate') as { type: string; pattern: string; description: string };
    expect(openRate).toMatchObject({ type: 'string', pattern: '^-?\\d+$' });
    expect(openRate.description).toContain('hundredths');
  });
});

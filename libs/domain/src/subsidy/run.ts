import { allocate } from './allocation';
import { evaluate, EvaluationInput, InstitutionResult } from './evaluation';

/** A whole subsidy run: every institution evaluated, then the budget divided among those evaluated. */
export function runSubsidy(input: EvaluationInput): InstitutionResult[] {
  const results = evaluate(input);
  const allocation = allocate(results.map((r) => ({ code: r.institutionCode, totalFen: r.subsidyBeforeBudgetFen })), input.policy.budgetFen);
  for (const r of results) r.subsidyFen = allocation.get(r.institutionCode) ?? 0n;
  return results;
}

/** An institution's subsidy and grade in a run and in the run it is compared with; either may be missing (null). */
export interface InstitutionInTwoRuns { code: string; runFen: bigint | number | string | null; baseFen: bigint | number | string | null; runGrade: string | null; baseGrade: string | null }

export interface InstitutionDelta { institutionCode: string; baseFen: number; runFen: number; deltaFen: number; baseGrade: string | null; runGrade: string | null }

/**
 * Who gains and who loses between a base run and another (a simulation beside its base): an
 * institution missing from a run has 0 fen there; a gainer's delta is above 0, a loser's below.
 */
export function compareRuns(institutions: InstitutionInTwoRuns[]): { items: InstitutionDelta[]; gainers: number; losers: number } {
  const items = institutions.map((r) => {
    const now = Number(r.runFen ?? 0);
    const before = Number(r.baseFen ?? 0);
    return { institutionCode: r.code, baseFen: before, runFen: now, deltaFen: now - before, baseGrade: r.baseGrade, runGrade: r.runGrade };
  });
  return { items, gainers: items.filter((i) => i.deltaFen > 0).length, losers: items.filter((i) => i.deltaFen < 0).length };
}

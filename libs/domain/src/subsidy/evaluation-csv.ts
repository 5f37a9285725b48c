// The lines of the exports evaluation.csv and evaluation-instruments.csv (exchange.md): text cells, not database rows.
import { formatFixed } from '../rational';
import { InstitutionResult, InstrumentResult } from './evaluation';
import { formatHours } from './hours';

export const EVALUATION_COLUMNS = ['institutionCode', 'eligibleInstruments', 'effectiveHours', 'externalHours', 'openRate', 'onlineRate', 'utilisation', 'activeShare',
  'externalShare', 'satisfaction', 'externalReach', 'total', 'grade', 'incomeBaseFen', 'subsidyBeforeBudgetFen', 'subsidyFen'] as const;
export const EVALUATION_INSTRUMENT_COLUMNS = ['instrumentCode', 'institutionCode', 'effectiveHours', 'externalHours', 'incomeBaseFen', 'rawFen', 'cappedFen'] as const;

/** An instrument's result as stored in JSON: its bigints as decimal strings. */
export type StoredInstrumentResult = { [K in keyof InstrumentResult]: InstrumentResult[K] extends bigint ? string : InstrumentResult[K] };

const pts = (hundredths: bigint) => formatFixed(hundredths, 2);

/** An institution's line of evaluation.csv. */
export function evaluationRow(r: InstitutionResult): string[] {
  const i = r.indicators;
  return [r.institutionCode, String(r.eligibleInstruments), formatHours(r.effectiveMinutes), formatHours(r.externalMinutes), pts(i.openRate), pts(i.onlineRate),
    pts(i.utilisation), pts(i.activeShare), pts(i.externalShare), pts(i.satisfaction), pts(i.externalReach), pts(r.total), r.grade,
    r.incomeBaseFen.toString(), r.subsidyBeforeBudgetFen.toString(), r.subsidyFen.toString()];
}

/** An instrument's line of evaluation-instruments.csv, from its result as computed or as stored (the same text either way). */
export function evaluationInstrumentRow(i: InstrumentResult | StoredInstrumentResult): string[] {
  return [i.instrumentCode, i.institutionCode, formatHours(BigInt(i.effectiveMinutes)), formatHours(BigInt(i.externalMinutes)), String(i.incomeBaseFen), String(i.rawFen), String(i.cappedFen)];
}

/** An institution's lines of evaluation-instruments.csv. */
export function evaluationInstrumentRows(r: InstitutionResult): string[][] {
  return r.instruments.map(evaluationInstrumentRow);
}

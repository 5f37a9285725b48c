import { formatFixed } from '../rational';
import { formatHours, InstitutionResult } from './evaluation';

export const EVALUATION_COLUMNS = ['institutionCode', 'eligibleInstruments', 'effectiveHours', 'externalHours', 'openRate', 'onlineRate', 'utilisation', 'activeShare',
  'externalShare', 'satisfaction', 'externalReach', 'total', 'grade', 'incomeBaseFen', 'subsidyBeforeBudgetFen', 'subsidyFen'] as const;
export const EVALUATION_INSTRUMENT_COLUMNS = ['instrumentCode', 'institutionCode', 'effectiveHours', 'externalHours', 'incomeBaseFen', 'rawFen', 'cappedFen'] as const;

const pts = (hundredths: bigint) => formatFixed(hundredths, 2);

export function evaluationRow(r: InstitutionResult): string[] {
  const i = r.indicators;
  return [r.institutionCode, String(r.eligibleInstruments), formatHours(r.effectiveMinutes), formatHours(r.externalMinutes), pts(i.openRate), pts(i.onlineRate),
    pts(i.utilisation), pts(i.activeShare), pts(i.externalShare), pts(i.satisfaction), pts(i.externalReach), pts(r.total), r.grade,
    r.incomeBaseFen.toString(), r.subsidyBeforeBudgetFen.toString(), r.subsidyFen.toString()];
}

export function evaluationInstrumentRows(r: InstitutionResult): string[][] {
  return r.instruments.map((i) => [i.instrumentCode, i.institutionCode, formatHours(i.effectiveMinutes), formatHours(i.externalMinutes), i.incomeBaseFen.toString(), i.rawFen.toString(), i.cappedFen.toString()]);
}

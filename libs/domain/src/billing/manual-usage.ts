import { usageSpanProblem } from '../validation/money';

/** A field of a manual usage entry and what is wrong with it (the shape of the contracts' FieldError). */
export interface UsageFieldError {
  field: 'start' | 'end' | 'serviceMode';
  reason: string;
}

export interface ManualUsage {
  start: Date;
  end: Date;
  serviceMode: string;
}

/** What the instrument offers, as far as a manual entry is concerned. */
export interface ManualUsageInstrument {
  code: string;
  serviceModes: readonly string[];
}

const MINUTE_MS = 60000;

/**
 * Why a usage record entered by hand cannot be kept, one entry per problem, empty when it can.
 * A manual record states what happened, in the whole minutes billing prices: it ends after it
 * starts, not after `now`, lasts at most the longest use billing accepts, and is of a service mode
 * the instrument offers. All problems are reported at once, so staff fix the form in one go.
 */
export function manualUsageProblems(usage: ManualUsage, instrument: ManualUsageInstrument, now: Date): UsageFieldError[] {
  const { start, end } = usage;
  const bad: UsageFieldError[] = [];
  if (!(end > start)) bad.push({ field: 'end', reason: 'end must be after start' });
  if (start.getTime() % MINUTE_MS !== 0) bad.push({ field: 'start', reason: 'usage is recorded in whole minutes' });
  if (end.getTime() % MINUTE_MS !== 0) bad.push({ field: 'end', reason: 'usage is recorded in whole minutes' });
  if (end.getTime() > now.getTime()) bad.push({ field: 'end', reason: 'usage records what happened; end is in the future' });
  const span = usageSpanProblem(start.getTime(), end.getTime());
  if (span) bad.push({ field: 'end', reason: `end ${span}` });
  if (!instrument.serviceModes.includes(usage.serviceMode)) bad.push({ field: 'serviceMode', reason: `${instrument.code} offers ${instrument.serviceModes.join(', ')}` });
  return bad;
}

/**
 * A sample order (送样检测, issue 18): the outside user sends samples and receives a report, and never
 * touches the instrument. Its states and who moves it between them; a completed order becomes one
 * usage record of mode `sample`, a rejected or cancelled one bills nothing.
 */
export const SAMPLE_ORDER_STATES = ['submitted', 'accepted', 'rejected', 'received', 'testing', 'report_issued', 'completed', 'cancelled'] as const;
export type SampleOrderState = (typeof SAMPLE_ORDER_STATES)[number];

/** What the lab must know before it opens the parcel (GHS hazard classes, in short). */
export const SAMPLE_HAZARDS = ['flammable', 'toxic', 'corrosive', 'oxidising', 'explosive', 'biohazard', 'radioactive', 'air-sensitive'] as const;
export type SampleHazard = (typeof SAMPLE_HAZARDS)[number];

export type SampleOrderAction = 'accept' | 'reject' | 'receive' | 'start-testing' | 'issue-report' | 'complete' | 'cancel';

/** Who may take an action: the instrument's operator, or the requester (the institution's admin acts for either). */
export type SampleOrderParty = 'operator' | 'requester';

export const SAMPLE_ORDER_TRANSITIONS: Record<SampleOrderAction, { from: readonly SampleOrderState[]; to: SampleOrderState; by: SampleOrderParty }> = {
  accept: { from: ['submitted'], to: 'accepted', by: 'operator' },
  reject: { from: ['submitted'], to: 'rejected', by: 'operator' },
  receive: { from: ['accepted'], to: 'received', by: 'operator' },
  'start-testing': { from: ['received'], to: 'testing', by: 'operator' },
  'issue-report': { from: ['testing'], to: 'report_issued', by: 'operator' },
  // The requester confirms the report; an operator may close it for a requester who does not.
  complete: { from: ['report_issued'], to: 'completed', by: 'requester' },
  // Samples already in the lab cannot be taken back by a click: the operator has to hand them over.
  cancel: { from: ['submitted', 'accepted'], to: 'cancelled', by: 'requester' },
};

export function nextSampleOrderState(action: SampleOrderAction, current: SampleOrderState): SampleOrderState | null {
  const t = SAMPLE_ORDER_TRANSITIONS[action];
  return t.from.includes(current) ? t.to : null;
}

/** Whether an order in this state ends up billed: only a completed one (policy.md bills samples per sample). */
export function billsSamples(state: SampleOrderState): boolean {
  return state === 'completed';
}

/**
 * Turnaround time shown per instrument: the median of completed orders' minutes from receipt to
 * report, whole minutes, the lower middle of an even count (a figure people can check by hand).
 * Null without completed orders.
 */
export function medianTurnaroundMinutes(orders: readonly { receivedAt: Date; reportIssuedAt: Date }[]): number | null {
  if (orders.length === 0) return null;
  const minutes = orders.map((o) => Math.max(0, Math.floor((o.reportIssuedAt.getTime() - o.receivedAt.getTime()) / 60_000))).sort((a, b) => a - b);
  return minutes[Math.floor((minutes.length - 1) / 2)] ?? null;
}

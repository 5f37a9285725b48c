import fc from 'fast-check';
import { billsSamples, medianTurnaroundMinutes, nextSampleOrderState, SAMPLE_ORDER_STATES, SAMPLE_ORDER_TRANSITIONS, type SampleOrderAction, type SampleOrderState } from './sample-orders';

describe('a sample order’s states (送样)', () => {
  it('goes from submitted to completed by the operator’s steps and the requester’s confirmation', () => {
    const path: SampleOrderAction[] = ['accept', 'receive', 'start-testing', 'issue-report', 'complete'];
    let state: SampleOrderState = 'submitted';
    for (const action of path) state = nextSampleOrderState(action, state)!;
    expect(state).toBe('completed');
    expect(path.map((a) => SAMPLE_ORDER_TRANSITIONS[a].by)).toEqual(['operator', 'operator', 'operator', 'operator', 'requester']);
  });

  it.each<[SampleOrderAction, SampleOrderState, SampleOrderState | null]>([
    ['reject', 'submitted', 'rejected'], ['reject', 'accepted', null], ['cancel', 'accepted', 'cancelled'], ['cancel', 'received', null],
    ['issue-report', 'received', null], ['complete', 'testing', null], ['accept', 'cancelled', null],
  ])('%s from %s → %s', (action, from, to) => {
    expect(nextSampleOrderState(action, from)).toBe(to);
  });

  it('rejected, cancelled and completed are ends, and only a completed order bills', () => {
    const actions = Object.keys(SAMPLE_ORDER_TRANSITIONS) as SampleOrderAction[];
    for (const end of ['rejected', 'cancelled', 'completed'] as const) expect(actions.map((a) => nextSampleOrderState(a, end))).toEqual(actions.map(() => null));
    expect(SAMPLE_ORDER_STATES.filter(billsSamples)).toEqual(['completed']);
  });

  it('no sequence of actions leaves the known states or bills a rejected order', () => {
    const actions = Object.keys(SAMPLE_ORDER_TRANSITIONS) as SampleOrderAction[];
    fc.assert(fc.property(fc.array(fc.constantFrom(...actions), { maxLength: 12 }), (seq) => {
      let state: SampleOrderState = 'submitted';
      let wasRejected = false;
      for (const a of seq) {
        const next = nextSampleOrderState(a, state);
        if (next) state = next;
        if (state === 'rejected') wasRejected = true;
      }
      expect(SAMPLE_ORDER_STATES).toContain(state);
      if (wasRejected) expect(billsSamples(state)).toBe(false);
    }));
  });
});

describe('turnaround per instrument', () => {
  const order = (hours: number) => ({ receivedAt: new Date('2026-12-01T00:00:00Z'), reportIssuedAt: new Date(Date.UTC(2026, 11, 1) + hours * 3_600_000) });
  it.each<[number[], number | null]>([[[], null], [[24], 1440], [[48, 24, 72], 2880], [[24, 48], 1440]])('%j hours → %s minutes', (hours, expected) => {
    expect(medianTurnaroundMinutes(hours.map(order))).toBe(expected);
  });
});

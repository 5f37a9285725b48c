import fc from 'fast-check';
import {
  nextTrainingState, OPEN_TRAINING_STATES, TRAINING_STATES, TRAINING_TRANSITIONS, trainingOutcomeProblem, trainingSessionProblem,
  type TrainingAction, type TrainingState,
} from './training-requests';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-12-04T02:00:00Z');
const MIN = 60_000;

describe('a training request’s states', () => {
  it('goes requested → scheduled → passed by the operator', () => {
    expect(nextTrainingState('schedule', 'requested')).toBe('scheduled');
    expect(nextTrainingState('pass', 'scheduled')).toBe('passed');
    expect([TRAINING_TRANSITIONS.schedule.by, TRAINING_TRANSITIONS.pass.by, TRAINING_TRANSITIONS.cancel.by]).toEqual(['operator', 'operator', 'trainee']);
  });

  it.each<[TrainingAction, TrainingState, TrainingState | null]>([
    ['pass', 'requested', null], ['fail', 'scheduled', 'failed'], ['decline', 'requested', 'declined'], ['decline', 'scheduled', null],
    ['cancel', 'requested', 'cancelled'], ['cancel', 'scheduled', null], ['schedule', 'scheduled', null], ['schedule', 'failed', null],
  ])('%s from %s → %s', (action, from, to) => {
    expect(nextTrainingState(action, from)).toBe(to);
  });

  it('no sequence of actions leaves the known states, and an ended request never opens again', () => {
    const actions = Object.keys(TRAINING_TRANSITIONS) as TrainingAction[];
    fc.assert(fc.property(fc.array(fc.constantFrom(...actions), { maxLength: 10 }), (seq) => {
      let state: TrainingState = 'requested';
      let ended = false;
      for (const action of seq) {
        const next = nextTrainingState(action, state);
        if (next === null) continue;
        expect(ended).toBe(false);
        state = next;
        expect(TRAINING_STATES).toContain(state);
        if (!OPEN_TRAINING_STATES.includes(state)) ended = true;
      }
    }));
  });
});

describe('a training session', () => {
  it.each<[string, Date, Date, string | null]>([
    ['an hour from now', at('2026-12-04T03:00:00Z'), at('2026-12-04T04:00:00Z'), null],
    ['ending before it starts', at('2026-12-04T04:00:00Z'), at('2026-12-04T03:00:00Z'), '培训结束时间须晚于开始时间'],
    ['empty', at('2026-12-04T04:00:00Z'), at('2026-12-04T04:00:00Z'), '培训结束时间须晚于开始时间'],
    ['of 12 hours', at('2026-12-04T03:00:00Z'), at('2026-12-04T15:00:00Z'), null],
    ['of 12 hours and a minute', at('2026-12-04T03:00:00Z'), at('2026-12-04T15:01:00Z'), '一次培训最长 12 小时'],
    ['started 24 hours ago', at('2026-12-03T02:00:00Z'), at('2026-12-03T04:00:00Z'), null],
    ['started 24 hours and a minute ago', at('2026-12-03T01:59:00Z'), at('2026-12-03T04:00:00Z'), '培训开始时间最早为 24 小时前'],
  ])('%s', (_what, start, end, problem) => {
    expect(trainingSessionProblem(start, end, NOW)?.zh ?? null).toBe(problem);
  });

  it('any session of at most 12 hours that starts within the last day or later is accepted; longer ones never are', () => {
    fc.assert(fc.property(fc.integer({ min: -24 * 60, max: 365 * 1440 }), fc.integer({ min: 1, max: 24 * 60 }), (startMin, lengthMin) => {
      const start = new Date(NOW.getTime() + startMin * MIN);
      const problem = trainingSessionProblem(start, new Date(start.getTime() + lengthMin * MIN), NOW);
      expect(problem === null).toBe(lengthMin <= 12 * 60);
    }));
  });
});

describe('recording a training’s outcome', () => {
  const start = at('2026-12-04T01:00:00Z');
  it.each<[string, boolean, Date, Date | null, string | null]>([
    ['a pass after the session began', true, start, at('2027-12-04T00:00:00Z'), null],
    ['a fail after the session began', false, start, null, null],
    ['before the session', true, at('2026-12-04T02:00:01Z'), at('2027-12-04T00:00:00Z'), '培训尚未开始，不能登记结果'],
    ['a fail before the session', false, at('2026-12-04T03:00:00Z'), null, '培训尚未开始，不能登记结果'],
    ['a pass without validTo', true, start, null, '通过培训须给出上机资格的失效日期（validTo）'],
    ['a pass ending now', true, start, NOW, '上机资格失效日期必须在将来'],
    ['a pass for six years', true, start, at('2032-12-04T00:00:00Z'), '上机资格有效期最长五年'],
  ])('%s', (_what, passed, sessionStart, validTo, problem) => {
    expect(trainingOutcomeProblem(passed, sessionStart, validTo, NOW)?.zh ?? null).toBe(problem);
  });

  it('an outcome is never accepted before its session starts', () => {
    fc.assert(fc.property(fc.boolean(), fc.integer({ min: 1, max: 1e7 }), (passed, aheadMs) => {
      const problem = trainingOutcomeProblem(passed, new Date(NOW.getTime() + aheadMs), new Date(NOW.getTime() + 86_400_000), NOW);
      expect(problem?.en).toMatch(/has not started/);
    }));
  });
});

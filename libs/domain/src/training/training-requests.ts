import { said, type Said } from '../messages/said';

/**
 * Training before operating alone (issue 18): a researcher asks to be trained on an instrument, its
 * operator schedules a session (a booking of the trainee, service category `training`), and after
 * the session records the outcome; a pass is the qualification, with its expiry. The states and
 * who moves a request between them; the services only store what these rules decide.
 */
export const TRAINING_STATES = ['requested', 'scheduled', 'passed', 'failed', 'declined', 'cancelled'] as const;
export type TrainingState = (typeof TRAINING_STATES)[number];

export type TrainingAction = 'schedule' | 'pass' | 'fail' | 'decline' | 'cancel';

/** The instrument's operator (or its institution's admin), or the trainee who asked. */
export type TrainingParty = 'operator' | 'trainee';

export const TRAINING_TRANSITIONS: Record<TrainingAction, { from: readonly TrainingState[]; to: TrainingState; by: TrainingParty }> = {
  schedule: { from: ['requested'], to: 'scheduled', by: 'operator' },
  pass: { from: ['scheduled'], to: 'passed', by: 'operator' },
  fail: { from: ['scheduled'], to: 'failed', by: 'operator' },
  decline: { from: ['requested'], to: 'declined', by: 'operator' },
  // Once a session holds the instrument the trainee cancels the booking, not the request.
  cancel: { from: ['requested'], to: 'cancelled', by: 'trainee' },
};

/** States in which a request is still open: a trainee has at most one open request per instrument. */
export const OPEN_TRAINING_STATES: readonly TrainingState[] = ['requested', 'scheduled'];

const STATE_NAMES: Record<TrainingState, Said> = {
  requested: said('待安排', 'requested'),
  scheduled: said('已安排培训', 'scheduled'),
  passed: said('已通过', 'passed'),
  failed: said('未通过', 'failed'),
  declined: said('已拒绝', 'declined'),
  cancelled: said('已取消', 'cancelled'),
};

export function trainingStateName(state: TrainingState): Said {
  return STATE_NAMES[state];
}

export function nextTrainingState(action: TrainingAction, current: TrainingState): TrainingState | null {
  const t = TRAINING_TRANSITIONS[action];
  return t.from.includes(current) ? t.to : null;
}

/** A session lasts at most a working day, and is scheduled at most a day in the past (one recorded late). */
export const TRAINING_SESSION_MAX_MINUTES = 12 * 60;
export const TRAINING_SESSION_PAST_LIMIT_MINUTES = 24 * 60;
/** A qualification from training lasts at most five years: it is renewed by training again. */
export const TRAINING_QUALIFICATION_MAX_DAYS = 5 * 366;

const MINUTE_MS = 60_000;

/** Why a session [start, end) cannot be scheduled at `now`, or null. */
export function trainingSessionProblem(start: Date, end: Date, now: Date): Said | null {
  if (end.getTime() <= start.getTime()) return said('培训结束时间须晚于开始时间', 'the session must end after it starts');
  if (end.getTime() - start.getTime() > TRAINING_SESSION_MAX_MINUTES * MINUTE_MS) {
    return said(`一次培训最长 ${TRAINING_SESSION_MAX_MINUTES / 60} 小时`, `a session lasts at most ${TRAINING_SESSION_MAX_MINUTES / 60} hours`);
  }
  if (start.getTime() < now.getTime() - TRAINING_SESSION_PAST_LIMIT_MINUTES * MINUTE_MS) {
    return said('培训开始时间最早为 24 小时前', 'a session starts at most 24 hours in the past');
  }
  return null;
}

/**
 * Why an outcome cannot be recorded at `now` for a session that starts at `sessionStart`, or
 * null: only once the session has begun (nobody passes a training that has not taken place), and a
 * pass needs a qualification end in the future and within the five-year bound.
 */
export function trainingOutcomeProblem(passed: boolean, sessionStart: Date, validTo: Date | null, now: Date): Said | null {
  if (now.getTime() < sessionStart.getTime()) return said('培训尚未开始，不能登记结果', 'the session has not started yet; record its outcome afterwards');
  if (!passed) return null;
  if (!validTo) return said('通过培训须给出上机资格的失效日期（validTo）', 'a pass needs the qualification’s end (validTo)');
  if (validTo.getTime() <= now.getTime()) return said('上机资格失效日期必须在将来', 'validTo must be in the future');
  if (validTo.getTime() > now.getTime() + TRAINING_QUALIFICATION_MAX_DAYS * 1440 * MINUTE_MS) {
    return said('上机资格有效期最长五年', 'a qualification from training lasts at most five years');
  }
  return null;
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Actor, CreateTrainingRequestDto, DeclineTrainingDto, Page, pageWindow, ScheduleTrainingDto, TrainingOutcomeDto, TrainingRequestQuery, TrainingRequestView,
} from '@yixiang/contracts';
import { authorize, can, fail, PG_EXCLUSION_VIOLATION, pgCode, requireActor, SqlFilter } from '@yixiang/common';
import { instrumentRefusal } from '@yixiang/domain/booking';
import {
  nextTrainingState, noSuch, QUALIFICATION_EXPIRING_DAYS, said, trainingOutcomeProblem, trainingSessionProblem, trainingStateName, TRAINING_TRANSITIONS,
  UUID_PATTERN, type Said, type TrainingAction,
} from '@yixiang/domain';
import { CatalogueClient } from '../shared/catalogue.client';
import { failWithConflict } from '../shared/conflict';
import { NewBooking, newCode } from '../shared/booking.rows';
import { OccupancyRepository } from '../shared/occupancy.repository';
import { BookingsRepository } from '../bookings/bookings.repository';
import { TrainingRepository, TrainingRow, trainingView } from './training.repository';

const DAY_MS = 86_400_000;

/** Raised inside the scheduling transaction when the request left 'requested' meanwhile: the booking is rolled back with it. */
class TrainingMoved extends Error {}

/**
 * Training before operating alone (issue 18). The trainee asks; the instrument's staff book the
 * session — a booking of the trainee (assisted, service category training), so it holds the
 * instrument under the same exclusion constraint as every booking and is checked in, out and
 * billed like one — and record the outcome; a pass grants the qualification in the catalogue,
 * which self-operated bookings go on checking as before. The states and their checks are
 * libs/domain/src/training.
 */
@Injectable()
export class TrainingService {
  constructor(
    private readonly em: EntityManager,
    private readonly requests: TrainingRepository,
    private readonly bookings: BookingsRepository,
    private readonly occupancy: OccupancyRepository,
    private readonly catalogue: CatalogueClient,
  ) {}

  async create(actor: Actor | null, dto: CreateTrainingRequestDto): Promise<TrainingRequestView> {
    const a = requireActor(actor);
    authorize(a, 'booking.create', { institutionId: a.institutionId });
    const instrument = await this.catalogue.context(dto.instrumentId);
    const refusal = instrumentRefusal(instrument, a.institutionId, 'self', new Date().toISOString().slice(0, 10));
    if (refusal === 'hidden') fail('NOT_FOUND', noSuch('仪器', 'instrument', dto.instrumentId));
    if (refusal) fail('RULE_VIOLATION', refusal.message, { rules: [refusal] });
    if (!instrument.bookingRules.qualificationRequired) {
      const message = said(`${instrument.code} 自行操作无需上机资格，可直接预约`, `${instrument.code} needs no qualification to run yourself; book it directly`);
      fail('RULE_VIOLATION', message, { rules: [{ rule: 'qualification', message }] });
    }
    // Still qualified past the month in which the qualifications page warns: nothing to train for yet.
    const { qualified, validTo } = await this.catalogue.qualified(a.userId, instrument.instrumentId, new Date(Date.now() + QUALIFICATION_EXPIRING_DAYS * DAY_MS));
    if (qualified) {
      fail('CONFLICT', said(`您已有 ${instrument.code} 的上机资格（至 ${validTo}），到期前 ${QUALIFICATION_EXPIRING_DAYS} 天内可再申请培训`, `you are qualified for ${instrument.code} until ${validTo}; ask for training again within ${QUALIFICATION_EXPIRING_DAYS} days of its end`));
    }
    const row = await this.requests.insert({
      id: randomUUID(), instrument_id: instrument.instrumentId, instrument_code: instrument.code, provider_institution_id: instrument.institutionId,
      user_id: a.userId, user_institution_id: a.institutionId as string /* booking.create: the trainee's institution */, note: dto.note?.trim() || null,
    });
    if (!row) fail('CONFLICT', said(`您已有一个 ${instrument.code} 的培训申请在办理中`, `you already have an open training request for ${instrument.code}`));
    return trainingView(row);
  }

  async get(actor: Actor | null, id: string): Promise<TrainingRequestView> {
    return trainingView(await this.visible(requireActor(actor), id));
  }

  /** The trainee's own requests; an institution's staff those on its instruments and of its people; the bureau and auditors all. */
  async list(actor: Actor | null, query: TrainingRequestQuery): Promise<Page<TrainingRequestView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter().scopedTo(a, { provider: 'provider_institution_id', client: 'user_institution_id', user: 'user_id' }, await this.catalogue.regions.scopeOf(a));
    if (query.status) filter.and('status = ?', query.status);
    if (query.instrumentId) {
      const instrumentId = UUID_PATTERN.test(query.instrumentId) ? query.instrumentId.toLowerCase() : (await this.catalogue.context(query.instrumentId)).instrumentId;
      filter.and('instrument_id = ?', instrumentId);
    }
    const { rows, total } = await this.requests.list(filter, pageSize, offset);
    return { items: rows.map(trainingView), total, page, pageSize };
  }

  async schedule(actor: Actor | null, id: string, dto: ScheduleTrainingDto): Promise<TrainingRequestView> {
    const a = requireActor(actor);
    const row = await this.staffStep(a, id, 'schedule');
    const start = new Date(dto.start);
    const end = new Date(dto.end);
    const problem = trainingSessionProblem(start, end, new Date());
    if (problem) fail('VALIDATION_FAILED', problem, { fields: [{ field: end <= start ? 'end' : 'start', reason: problem }] });
    const bookingId = randomUUID();
    const booking: NewBooking = {
      id: bookingId, code: newCode('BK', bookingId), instrumentId: row.instrument_id, providerInstitutionId: row.provider_institution_id, userId: row.user_id,
      userInstitutionId: row.user_institution_id, serviceMode: 'assisted', serviceCategory: 'training', purpose: `上机培训（${row.instrument_code}）`,
      projectCode: null, voucherId: null, samples: null, status: 'approved', start, end,
    };
    try {
      const scheduled = await this.em.transactional(async (em) => {
        await this.bookings.insert(em, booking);
        const changed = await this.requests.change(em, row.id, TRAINING_TRANSITIONS.schedule.from, 'scheduled', { bookingId, sessionStart: start, sessionEnd: end, decidedBy: a.userId });
        if (!changed) throw new TrainingMoved();
        return changed;
      });
      return trainingView(scheduled);
    } catch (error) {
      if (error instanceof TrainingMoved) return this.moved(id, 'schedule');
      if (pgCode(error) === PG_EXCLUSION_VIOLATION) return failWithConflict(this.occupancy, row.instrument_id, start, end);
      throw error;
    }
  }

  async outcome(actor: Actor | null, id: string, dto: TrainingOutcomeDto): Promise<TrainingRequestView> {
    const a = requireActor(actor);
    const action: TrainingAction = dto.passed ? 'pass' : 'fail';
    const row = await this.staffStep(a, id, action);
    const validTo = dto.validTo ? new Date(dto.validTo) : null;
    const now = new Date();
    const problem = trainingOutcomeProblem(dto.passed, row.session_start as Date, validTo, now);
    if (problem) {
      // Too early is a rule of the process (422); anything else is about the validTo given (400).
      const early = now < (row.session_start as Date);
      fail(early ? 'RULE_VIOLATION' : 'VALIDATION_FAILED', problem, early ? { rules: [{ rule: 'training-session', message: problem }] } : { fields: [{ field: 'validTo', reason: problem }] });
    }
    const session = await this.bookings.find(row.booking_id as string);
    if (session && ['cancelled', 'rejected', 'no_show'].includes(session.status)) {
      fail('RULE_VIOLATION', said(`培训预约 ${session.code} 已${session.status === 'no_show' ? '爽约' : '取消'}，不能登记结果`, `the session's booking ${session.code} is ${session.status}; no outcome can be recorded`));
    }
    // The qualification first: granting is an upsert, so a retry after a lost reply grants the same one again.
    if (dto.passed) await this.catalogue.grantQualification(a, { userId: row.user_id, instrumentId: row.instrument_id, validTo: (validTo as Date).toISOString() });
    const changed = await this.requests.change(null, row.id, TRAINING_TRANSITIONS[action].from, TRAINING_TRANSITIONS[action].to, {
      qualificationValidTo: validTo ?? undefined, remark: dto.remark?.trim() || null, decidedBy: a.userId,
    });
    return changed ? trainingView(changed) : this.moved(id, action);
  }

  async decline(actor: Actor | null, id: string, dto: DeclineTrainingDto): Promise<TrainingRequestView> {
    const a = requireActor(actor);
    const row = await this.staffStep(a, id, 'decline');
    const changed = await this.requests.change(null, row.id, TRAINING_TRANSITIONS.decline.from, 'declined', { remark: dto.reason.trim(), decidedBy: a.userId });
    return changed ? trainingView(changed) : this.moved(id, 'decline');
  }

  async cancel(actor: Actor | null, id: string): Promise<TrainingRequestView> {
    const a = requireActor(actor);
    const row = await this.visible(a, id);
    if (row.user_id !== a.userId) fail('FORBIDDEN', said('只有申请人本人可以撤回培训申请', 'only the trainee may withdraw a training request'));
    this.refuseStep(row, 'cancel');
    const changed = await this.requests.change(null, row.id, TRAINING_TRANSITIONS.cancel.from, 'cancelled');
    return changed ? trainingView(changed) : this.moved(id, 'cancel');
  }

  /** A request the caller may read, or 404 (one they may not read does not exist for them). */
  private async visible(a: Actor, id: string): Promise<TrainingRow> {
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', noSuch('培训申请', 'training request', id));
    const row = await this.requests.find(id);
    if (!row) fail('NOT_FOUND', noSuch('培训申请', 'training request', id));
    const regions = await this.catalogue.regions.parties(a, row.provider_institution_id, row.user_institution_id);
    const readable = can(a, 'booking.read', { providerInstitutionId: row.provider_institution_id, userInstitutionId: row.user_institution_id, userId: row.user_id, ...regions });
    if (!readable) fail('NOT_FOUND', noSuch('培训申请', 'training request', id));
    return row;
  }

  /** An operator's step: the instrument's staff only ('booking.manage' of its provider), from a state the step leaves. */
  private async staffStep(a: Actor, id: string, action: TrainingAction): Promise<TrainingRow> {
    const row = await this.visible(a, id);
    authorize(a, 'booking.manage', { providerInstitutionId: row.provider_institution_id, userId: row.user_id });
    this.refuseStep(row, action);
    return row;
  }

  private refuseStep(row: TrainingRow, action: TrainingAction): void {
    if (nextTrainingState(action, row.status) === null) this.illegal(row.id, row.status, action);
  }

  /** The request moved on between reading it and changing it (another operator's click): said as the state it is in now. */
  private async moved(id: string, action: TrainingAction): Promise<never> {
    const now = await this.requests.find(id);
    return this.illegal(id, now?.status ?? 'cancelled', action);
  }

  private illegal(id: string, status: TrainingRow['status'], action: TrainingAction): never {
    const name: Said = trainingStateName(status);
    fail('ILLEGAL_TRANSITION', said(`培训申请当前状态为“${name.zh}”，不能${ACTION_ZH[action]}`, `training request ${id} is ${name.en}; it cannot be ${ACTION_EN[action]}`), { status });
  }
}

const ACTION_ZH: Record<TrainingAction, string> = { schedule: '安排培训', pass: '登记通过', fail: '登记未通过', decline: '拒绝', cancel: '撤回' };
const ACTION_EN: Record<TrainingAction, string> = { schedule: 'scheduled', pass: 'passed', fail: 'failed', decline: 'declined', cancel: 'withdrawn' };

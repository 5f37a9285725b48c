import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, GrantQualificationDto, Page, pageWindow, QualificationQuery, QualificationRosterQuery, QualificationRosterView, QualificationView } from '@yixiang/contracts';
import { authorize, can, fail, requireActor } from '@yixiang/common';
import { Qualification, User } from '../entities';
import { InstrumentsService } from '../instruments/instruments.service';
import { qualificationView } from '../shared/views';
import { QualificationCriteria, QualificationsRepository } from './qualifications.repository';
import { UUID_PATTERN, said, noSuch } from '@yixiang/domain';

/** The read rule 'qualification.read' as SQL criteria: null (every row) for the bureau and auditors. */
function readableBy(a: Actor): QualificationCriteria['readableBy'] {
  return a.role === 'bureau' || a.role === 'auditor' ? null : { userId: a.userId, institutionId: a.institutionId, staff: a.role === 'institution_admin' || a.role === 'operator' };
}

/** Operators (and admins) of the owning institution say who may run an instrument alone, until when. */
@Injectable()
export class QualificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly instruments: InstrumentsService,
    private readonly qualifications: QualificationsRepository,
  ) {}

  async grant(actor: Actor | null, dto: GrantQualificationDto): Promise<QualificationView> {
    const a = requireActor(actor);
    if (!dto.userId && !dto.userEmail) fail('VALIDATION_FAILED', said('请指定用户（userId 或 userEmail）', 'give userId or userEmail'), { fields: [{ field: 'userId', reason: said('须给出用户', 'userId or userEmail is required') }] });
    if (!dto.instrumentId && !dto.instrumentCode) fail('VALIDATION_FAILED', said('请指定仪器（instrumentId 或 instrumentCode）', 'give instrumentId or instrumentCode'), { fields: [{ field: 'instrumentId', reason: 'instrumentId or instrumentCode is required' }] });
    const instrument = await this.instruments.findVisible(a, (dto.instrumentId ?? dto.instrumentCode) as string);
    authorize(a, 'qualification.write', { institutionId: instrument.institutionId, userId: dto.userId ?? null });
    const user = await this.em.findOne(User, dto.userId ? { id: dto.userId } : { email: (dto.userEmail as string).toLowerCase() });
    if (!user) fail('VALIDATION_FAILED', said('用户不存在', 'unknown user'), { fields: [{ field: dto.userId ? 'userId' : 'userEmail', reason: said('没有这个用户', 'no such user') }] });
    const validTo = new Date(dto.validTo);
    if (validTo <= new Date()) fail('VALIDATION_FAILED', said('失效日期必须在将来', 'validTo must be in the future'), { fields: [{ field: 'validTo', reason: said('必须在将来', 'must be in the future') }] });
    // Granting again extends (or shortens) the one qualification a user has for an instrument.
    const id = await this.qualifications.grant(user.id, instrument.id, validTo, a.userId);
    return qualificationView(await this.em.findOneOrFail(Qualification, { id }, { refresh: true }));
  }

  /**
   * Qualifications by instrument or by user, of those the caller may read ('qualification.read'): the
   * qualified user their own anywhere; an instrument's own staff those on their institution's
   * instruments; the bureau and auditors all. Asking about another institution's instrument or user
   * gives only what of it is one's own, usually nothing.
   */
  async list(actor: Actor | null, query: QualificationQuery): Promise<QualificationView[]> {
    const a = requireActor(actor);
    if (!query.instrumentId && !query.userId) fail('VALIDATION_FAILED', said('请指定仪器或用户', 'give instrumentId or userId'), { fields: [{ field: 'instrumentId', reason: 'instrumentId or userId is required' }] });
    const instrumentId = query.instrumentId ? (await this.instruments.findVisible(a, query.instrumentId)).id : undefined;
    // The rule narrowed in SQL (readableBy), so that the limit counts only readable rows; can() below is the rule itself.
    const rows = await this.qualifications.list({ instrumentId, userId: query.userId, readableBy: readableBy(a) });
    return rows.filter((r) => can(a, 'qualification.read', { institutionId: r.institutionId, userId: r.view.userId })).map((r) => r.view);
  }

  /**
   * The qualifications page: a page of every qualification the caller may read (the same rule as list,
   * applied in SQL so that the count is of readable rows), optionally of one instrument or matching a text.
   */
  async roster(actor: Actor | null, query: QualificationRosterQuery): Promise<Page<QualificationRosterView>> {
    const a = requireActor(actor);
    const instrumentId = query.instrumentId ? (await this.instruments.findVisible(a, query.instrumentId)).id : undefined;
    const { offset, pageSize } = pageWindow(query);
    return this.qualifications.roster({ instrumentId, q: query.q, readableBy: readableBy(a) }, offset, pageSize, new Date());
  }

  async revoke(actor: Actor | null, id: string): Promise<{ deleted: true }> {
    const a = requireActor(actor);
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', noSuch('上机资格', 'qualification', id));
    const qualification = await this.em.findOne(Qualification, { id });
    if (!qualification) fail('NOT_FOUND', noSuch('上机资格', 'qualification', id));
    const instrument = await this.instruments.find(qualification.instrumentId);
    // Someone who may not even read it is told it does not exist.
    authorize(a, 'qualification.read', { institutionId: instrument.institutionId, userId: qualification.userId }, noSuch('上机资格', 'qualification', id));
    authorize(a, 'qualification.write', { institutionId: instrument.institutionId, userId: qualification.userId });
    await this.em.removeAndFlush(qualification);
    return { deleted: true };
  }
}

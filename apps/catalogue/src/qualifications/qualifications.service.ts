import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, GrantQualificationDto, QualificationQuery, QualificationView } from '@yixiang/contracts';
import { assertManagesInstitution, canReadInstitution, fail, requireActor } from '@yixiang/common';
import { Qualification, User } from '../entities';
import { InstrumentsService } from '../instruments/instruments.service';
import { UUID_PATTERN } from '../shared/codes';
import { qualificationView } from '../shared/views';

/** Operators (and admins) of the owning institution say who may run an instrument alone, until when. */
@Injectable()
export class QualificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly instruments: InstrumentsService,
  ) {}

  async grant(actor: Actor | null, dto: GrantQualificationDto): Promise<QualificationView> {
    const a = requireActor(actor);
    if (!dto.userId && !dto.userEmail) fail('VALIDATION_FAILED', 'give userId or userEmail', { fields: [{ field: 'userId', reason: 'userId or userEmail is required' }] });
    if (!dto.instrumentId && !dto.instrumentCode) fail('VALIDATION_FAILED', 'give instrumentId or instrumentCode', { fields: [{ field: 'instrumentId', reason: 'instrumentId or instrumentCode is required' }] });
    const instrument = await this.instruments.find((dto.instrumentId ?? dto.instrumentCode) as string);
    assertManagesInstitution(a, instrument.institutionId, { roles: ['operator', 'institution_admin'] });
    const user = await this.em.findOne(User, dto.userId ? { id: dto.userId } : { email: (dto.userEmail as string).toLowerCase() });
    if (!user) fail('VALIDATION_FAILED', 'unknown user', { fields: [{ field: dto.userId ? 'userId' : 'userEmail', reason: 'no such user' }] });
    const validTo = new Date(dto.validTo);
    if (validTo <= new Date()) fail('VALIDATION_FAILED', 'validTo must be in the future', { fields: [{ field: 'validTo', reason: 'must be in the future' }] });
    // Granting again extends (or shortens) the one qualification a user has for an instrument.
    const [row] = await this.em.getConnection().execute<{ id: string }[]>(
      `insert into catalogue.qualification (id, user_id, instrument_id, valid_to, granted_by) values (gen_random_uuid(), ?, ?, ?, ?)
       on conflict (user_id, instrument_id) do update set valid_to = excluded.valid_to, granted_by = excluded.granted_by returning id`,
      [user.id, instrument.id, validTo, a.userId],
    );
    return qualificationView(await this.em.findOneOrFail(Qualification, { id: row.id }, { refresh: true }));
  }

  async list(actor: Actor | null, query: QualificationQuery): Promise<QualificationView[]> {
    const a = requireActor(actor);
    const where: Record<string, unknown> = {};
    if (query.instrumentId) {
      const instrument = await this.instruments.find(query.instrumentId);
      if (!canReadInstitution(a, instrument.institutionId) && a.role !== 'researcher') fail('FORBIDDEN', 'you may not see these qualifications');
      where.instrumentId = instrument.id;
    }
    if (a.role === 'researcher') where.userId = a.userId;
    else if (query.userId) where.userId = query.userId;
    if (!where.instrumentId && !where.userId) fail('VALIDATION_FAILED', 'give instrumentId or userId', { fields: [{ field: 'instrumentId', reason: 'instrumentId or userId is required' }] });
    const rows = await this.em.find(Qualification, where, { orderBy: { createdAt: 'asc' }, limit: 1000 });
    return rows.map(qualificationView);
  }

  async revoke(actor: Actor | null, id: string): Promise<{ deleted: true }> {
    const a = requireActor(actor);
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', `qualification ${id} does not exist`);
    const qualification = await this.em.findOne(Qualification, { id });
    if (!qualification) fail('NOT_FOUND', `qualification ${id} does not exist`);
    const instrument = await this.instruments.find(qualification.instrumentId);
    assertManagesInstitution(a, instrument.institutionId, { roles: ['operator', 'institution_admin'] });
    await this.em.removeAndFlush(qualification);
    return { deleted: true };
  }
}

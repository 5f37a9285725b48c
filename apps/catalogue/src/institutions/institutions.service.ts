import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, CreateInstitutionDto, InstitutionQuery, InstitutionRegionsQuery, InstitutionRegionsReply, InstitutionView, Page, UpdateInstitutionDto, pageWindow } from '@yixiang/contracts';
import { AuditChange, AuditTrail, authorize, escapeLike, fail, requireActor, PG_UNIQUE_VIOLATION, pgCode, pgConstraint } from '@yixiang/common';
import { creditCodeProblem, fieldLabel, noSuch, said, UUID_PATTERN } from '@yixiang/domain';
import { Institution } from '../entities';
import { idOrCode } from '../shared/codes';
import { institutionView } from '../shared/views';
import { SearchCache } from '../search';

@Injectable()
export class InstitutionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly cache: SearchCache,
    private readonly audit: AuditTrail,
  ) {}

  async create(actor: Actor | null, dto: CreateInstitutionDto): Promise<InstitutionView> {
    const a = authorize(actor, 'institution.create', { region: dto.region });
    this.checkCreditCode(dto.creditCode);
    const institution = this.em.create(Institution, {
      code: dto.code, name: dto.name.trim(), kind: dto.kind, region: dto.region,
      creditCode: dto.creditCode ?? null, groupCode: dto.groupCode ?? null, contacts: dto.contacts ?? [],
    });
    await this.flushUnique(() => ({ actor: a, action: 'institution.create', objectType: 'institution', objectId: institution.id, before: null, after: institutionView(institution) }));
    return institutionView(institution);
  }

  async list(actor: Actor | null, query: InstitutionQuery): Promise<Page<InstitutionView>> {
    requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const where: Record<string, unknown> = {};
    if (query.region) where.region = query.region;
    if (query.kind) where.kind = query.kind;
    if (query.q) where.$or = [{ name: { $ilike: `%${escapeLike(query.q)}%` } }, { code: { $ilike: `%${escapeLike(query.q)}%` } }];
    const [items, total] = await this.em.findAndCount(Institution, where, { orderBy: { code: 'asc' }, limit: pageSize, offset });
    return { items: items.map(institutionView), total, page, pageSize };
  }

  async get(actor: Actor | null, ref: string): Promise<InstitutionView> {
    requireActor(actor);
    return institutionView(await this.find(ref));
  }

  async update(actor: Actor | null, ref: string, dto: UpdateInstitutionDto): Promise<InstitutionView> {
    requireActor(actor);
    const institution = await this.find(ref);
    const a = authorize(actor, 'institution.update', { institutionId: institution.id, region: institution.region });
    // Moved to another region, it must be the officer's to manage there too.
    if (dto.region !== undefined && dto.region !== institution.region) authorize(a, 'institution.update', { institutionId: institution.id, region: dto.region });
    const ownAdmin = a.role !== 'bureau';
    if (ownAdmin && Object.keys(dto).some((k) => k !== 'contacts')) {
      fail('FORBIDDEN', said('单位管理员只能修改联系人，其余信息请联系科技局修改', 'an institution admin may change only the contacts; ask the bureau for the rest'));
    }
    if (dto.creditCode !== undefined) this.checkCreditCode(dto.creditCode);
    const before = institutionView(institution);
    this.em.assign(institution, { ...dto, name: dto.name?.trim() ?? institution.name });
    await this.flushUnique(() => ({ actor: a, action: 'institution.update', objectType: 'institution', objectId: institution.id, before, after: institutionView(institution) }));
    return institutionView(institution);
  }

  /** Internal: the regions of the institutions named, or every institution of a region (ids that are no UUID name none). */
  async regions(query: InstitutionRegionsQuery): Promise<InstitutionRegionsReply> {
    const ids = (query?.institutionIds ?? []).filter((id) => typeof id === 'string' && UUID_PATTERN.test(id));
    const where = typeof query?.region === 'string' ? { region: query.region } : { id: { $in: ids } };
    if (!('region' in where) && ids.length === 0) return { institutions: [] };
    const rows = await this.em.find(Institution, where, { fields: ['id', 'region'] });
    return { institutions: rows.map((r) => ({ id: r.id, region: r.region })) };
  }

  async find(ref: string): Promise<Institution> {
    const institution = await this.em.findOne(Institution, idOrCode(ref));
    if (!institution) fail('NOT_FOUND', noSuch('单位', 'institution', ref));
    return institution;
  }

  private checkCreditCode(code: string | undefined): void {
    if (!code) return;
    const reason = creditCodeProblem(code);
    if (reason) fail('VALIDATION_FAILED', said(`输入有误：${reason.zh}`, `invalid creditCode: ${reason.en}`), { fields: [{ field: 'creditCode', reason }] });
  }

  /** Writes the change with its audit entry (`change`, read once the flush gave the row its id) in one transaction. */
  private async flushUnique(change: () => AuditChange): Promise<void> {
    try {
      await this.em.transactional(async (tx) => {
        await tx.flush();
        await this.audit.append(tx, change());
      });
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) {
        const field = pgConstraint(error)?.includes('credit_code') ? 'creditCode' : 'code';
        fail('DUPLICATE', said(`已有相同${fieldLabel(field).zh}的单位`, `an institution with this ${field} already exists`), { fields: [{ field, reason: said(`${fieldLabel(field).zh}已被占用`, `${field} is already taken`) }] });
      }
      throw error;
    }
    await this.cache.bump();
  }
}

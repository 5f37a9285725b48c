import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Actor, CreateVoucherProgrammeDto, Page, pageWindow, VoucherProgrammeDetail, VoucherProgrammeQuery, VoucherProgrammeView,
} from '@yixiang/contracts';
import { AuditTrail, authorize, fail, PG_UNIQUE_VIOLATION, pgCode, SqlFilter } from '@yixiang/common';
import { parseDateOrInstant, said, noSuch } from '@yixiang/domain';
import { FactsClient } from '../settlement/facts.client';
import { regionOf } from './region';
import { programmeView, ProgrammeRow, VoucherProgrammesRepository } from './voucher-programmes.repository';

const dedupe = (list: readonly string[] | undefined): string[] => [...new Set(list ?? [])].sort();

/** Voucher programmes: opened by the bureau of their issuing region, read by everyone (an institution sees those it may apply to). */
@Injectable()
export class VoucherProgrammesService {
  constructor(
    private readonly programmes: VoucherProgrammesRepository,
    private readonly facts: FactsClient,
    private readonly audit: AuditTrail,
  ) {}

  async create(actor: Actor | null, dto: CreateVoucherProgrammeDto): Promise<VoucherProgrammeView> {
    const own = actor ? regionOf(actor) : null;
    const issuingRegion = dto.issuingRegion ?? own;
    if (!issuingRegion) {
      authorize(actor, 'voucher-programme.create', { issuingRegion: 'CQ' }); // a non-bureau caller is refused before the 400
      fail('VALIDATION_FAILED', said('联合办公室须指定发券地区', 'issuingRegion is required for a joint officer'), { fields: [{ field: 'issuingRegion', reason: said('联合办公室须指定', 'required for a joint officer') }] });
    }
    const a = authorize(actor, 'voucher-programme.create', { issuingRegion });
    const validFrom = parseDateOrInstant(dto.validFrom) as Date;
    const validTo = parseDateOrInstant(dto.validTo) as Date;
    if (validTo <= validFrom) fail('VALIDATION_FAILED', said('失效日期必须晚于生效日期', 'validTo must be after validFrom'), { fields: [{ field: 'validTo', reason: said('必须晚于生效日期', 'must be after validFrom') }] });
    if (dto.perApplicationCapFen > dto.budgetFen) {
      fail('VALIDATION_FAILED', said('单次申请上限不能超过预算', 'perApplicationCapFen may not exceed budgetFen'), { fields: [{ field: 'perApplicationCapFen', reason: said('不能超过预算', 'must be at most budgetFen') }] });
    }
    const id = randomUUID();
    try {
      await this.programmes.transaction(async (em) => {
        await this.programmes.insertProgramme(em, {
        id, code: dto.code, name: dto.name, issuingRegion, year: dto.year, budgetFen: dto.budgetFen, coverBps: dto.coverBps,
        perApplicationCapFen: dto.perApplicationCapFen, perHolderYearCapFen: dto.perHolderYearCapFen, applicantKinds: dedupe(dto.applicantKinds),
        applicantRegions: dedupe(dto.applicantRegions), providerRegions: dedupe(dto.providerRegions), validFrom, validTo, mode: dto.mode, createdBy: a.userId,
        });
        const created = (await this.programmes.findProgramme(id, em)) as ProgrammeRow;
        await this.audit.append(em, { actor: a, action: 'voucher-programme.create', objectType: 'voucher-programme', objectId: id, before: null, after: programmeView(created) });
      });
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) fail('DUPLICATE', said(`创新券项目 ${dto.code} 已存在`, `voucher programme ${dto.code} already exists`), { fields: [{ field: 'code', reason: said('编号已被占用', 'already taken') }] });
      throw error;
    }
    const row = await this.programmes.findProgramme(id);
    if (!row) fail('NOT_FOUND', noSuch('创新券项目', 'voucher programme', dto.code));
    return programmeView(row);
  }

  /** The bureau and auditors see every programme; an institution's people those their institution may apply to. */
  async list(actor: Actor | null, query: VoucherProgrammeQuery): Promise<Page<VoucherProgrammeView>> {
    const a = authorize(actor, 'voucher-programme.read', {});
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter();
    if (query.year !== undefined) filter.and('p.year = ?', query.year);
    if (query.region) filter.and('p.issuing_region = ?', query.region);
    if (query.mode) filter.and('p.mode = ?', query.mode);
    if (a.role !== 'bureau' && a.role !== 'auditor') {
      const institution = a.institutionId ? (await this.facts.facts([], [a.institutionId])).institutions[0] : undefined;
      if (!institution) return { items: [], total: 0, page, pageSize };
      filter.and('(cardinality(p.applicant_kinds) = 0 or ? = any(p.applicant_kinds))', institution.kind ?? '');
      filter.and('(cardinality(p.applicant_regions) = 0 or ? = any(p.applicant_regions))', institution.region ?? '');
    }
    const { rows, total } = await this.programmes.listProgrammes(filter, pageSize, offset);
    return { items: rows.map(programmeView), total, page, pageSize };
  }

  /** A programme with its budget report (issued, drawn, expired). */
  async get(actor: Actor | null, id: string): Promise<VoucherProgrammeDetail> {
    authorize(actor, 'voucher-programme.read', {});
    const row = await this.programmes.findProgramme(id);
    if (!row) fail('NOT_FOUND', noSuch('创新券项目', 'voucher programme', id));
    return { ...programmeView(row), report: await this.programmes.report(id, new Date()) };
  }
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CreateVoucherDto, Page, PageQuery, pageWindow, VoucherView } from '@yixiang/contracts';
import { authorize, fail, PG_UNIQUE_VIOLATION, pgArray, pgCode, requireActor, SqlFilter } from '@yixiang/common';
import { parseDateOrInstant, said, noSuch } from '@yixiang/domain';
import { FactsClient } from '../settlement/facts.client';
import { VouchersRepository, voucherView } from './vouchers.repository';

/** Innovation vouchers: issued by the bureau; what they have paid is the sum of their draws in settled charges. */
@Injectable()
export class VouchersService {
  constructor(
    private readonly vouchers: VouchersRepository,
    private readonly facts: FactsClient,
  ) {}

  async create(actor: Actor | null, dto: CreateVoucherDto): Promise<VoucherView> {
    const a = requireActor(actor);
    const holder = (await this.facts.resolve({ instruments: [], users: [], institutions: [dto.holderInstitutionCode] })).institutions[dto.holderInstitutionCode];
    if (!holder) {
      authorize(a, 'voucher.issue', { region: a.region });
      fail('VALIDATION_FAILED', said(`单位 ${dto.holderInstitutionCode} 不存在`, `unknown institution ${dto.holderInstitutionCode}`), { fields: [{ field: 'holderInstitutionCode', reason: said('没有这个单位', 'no such institution') }] });
    }
    // Issue 16: a regional officer issues vouchers to its own region's holders only.
    authorize(a, 'voucher.issue', { region: await this.facts.regions.one(holder.id) });
    const validFrom = parseDateOrInstant(dto.validFrom) as Date;
    const validTo = dto.validTo ? (parseDateOrInstant(dto.validTo) as Date) : null;
    if (validTo && validTo <= validFrom) fail('VALIDATION_FAILED', said('失效日期必须晚于生效日期', 'validTo must be after validFrom'), { fields: [{ field: 'validTo', reason: said('必须晚于生效日期', 'must be after validFrom') }] });
    const id = randomUUID();
    try {
      await this.vouchers.insert({
        id, code: dto.code, holderInstitutionId: holder.id, faceValueFen: dto.faceValueFen, coverBps: dto.coverBps, perUseCapFen: dto.perUseCapFen ?? null,
        validFrom, validTo, createdBy: a.userId,
      }, a);
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) fail('DUPLICATE', said(`创新券 ${dto.code} 已存在`, `voucher ${dto.code} already exists`), { fields: [{ field: 'code', reason: said('编号已被占用', 'already taken') }] });
      throw error;
    }
    const row = await this.vouchers.find(id);
    if (!row) fail('NOT_FOUND', noSuch('创新券', 'voucher', dto.code)); // only if deleted since the insert above
    return voucherView(row);
  }

  /** The bureau sees every voucher; an institution its own. */
  async list(actor: Actor | null, query: PageQuery): Promise<Page<VoucherView>> {
    const a = authorize(actor, 'voucher.list', {});
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter();
    if (a.role === 'institution_admin') filter.and('v.holder_institution_id = ?', a.institutionId);
    // A regional bureau officer: its region's holders' vouchers (issue 16).
    const region = await this.facts.regions.scopeOf(a);
    if (region) filter.and('v.holder_institution_id::text = any(?::text[])', pgArray(region));
    const { rows, total } = await this.vouchers.list(filter, pageSize, offset);
    return { items: rows.map(voucherView), total, page, pageSize };
  }
}

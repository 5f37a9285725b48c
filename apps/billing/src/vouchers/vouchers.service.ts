import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CreateVoucherDto, Page, PageQuery, pageWindow, VoucherView } from '@yixiang/contracts';
import { authorize, fail, PG_UNIQUE_VIOLATION, pgCode } from '@yixiang/common';
import { parseDateOrInstant } from '@yixiang/domain';
import { FactsClient } from '../settlement/facts.client';

interface VoucherRow {
  id: string; code: string; holder_institution_id: string; face_value_fen: string; cover_bps: number; per_use_cap_fen: string | null;
  valid_from: Date | string; valid_to: Date | string | null; drawn: string;
}

const view = (r: VoucherRow): VoucherView => ({
  id: r.id, code: r.code, holderInstitutionId: r.holder_institution_id, faceValueFen: Number(r.face_value_fen), coverBps: r.cover_bps,
  perUseCapFen: r.per_use_cap_fen === null ? null : Number(r.per_use_cap_fen), validFrom: new Date(r.valid_from).toISOString(),
  validTo: r.valid_to === null ? null : new Date(r.valid_to).toISOString(), drawnFen: Number(r.drawn), balanceFen: Number(r.face_value_fen) - Number(r.drawn),
});

const SELECT = `select v.id, v.code, v.holder_institution_id, v.face_value_fen::text, v.cover_bps, v.per_use_cap_fen::text, v.valid_from, v.valid_to,
  coalesce((select sum(c.voucher_fen) from billing.charge c where c.voucher_id = v.id), 0)::text as drawn from billing.voucher v`;

/** Innovation vouchers: issued by the bureau; what they have paid is the sum of their draws in settled charges. */
@Injectable()
export class VouchersService {
  constructor(
    private readonly em: EntityManager,
    private readonly facts: FactsClient,
  ) {}

  async create(actor: Actor | null, dto: CreateVoucherDto): Promise<VoucherView> {
    const a = authorize(actor, 'voucher.issue', {});
    const holder = (await this.facts.resolve({ instruments: [], users: [], institutions: [dto.holderInstitutionCode] })).institutions[dto.holderInstitutionCode];
    if (!holder) fail('VALIDATION_FAILED', `unknown institution ${dto.holderInstitutionCode}`, { fields: [{ field: 'holderInstitutionCode', reason: 'no such institution' }] });
    const validFrom = parseDateOrInstant(dto.validFrom) as Date;
    const validTo = dto.validTo ? (parseDateOrInstant(dto.validTo) as Date) : null;
    if (validTo && validTo <= validFrom) fail('VALIDATION_FAILED', 'validTo must be after validFrom', { fields: [{ field: 'validTo', reason: 'must be after validFrom' }] });
    const id = randomUUID();
    try {
      await this.em.getConnection().execute(
        `insert into billing.voucher (id, code, holder_institution_id, face_value_fen, cover_bps, per_use_cap_fen, valid_from, valid_to, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, dto.code, holder.id, dto.faceValueFen, dto.coverBps, dto.perUseCapFen ?? null, validFrom, validTo, a.userId]);
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) fail('DUPLICATE', `voucher ${dto.code} already exists`, { fields: [{ field: 'code', reason: 'already taken' }] });
      throw error;
    }
    const [row] = await this.em.getConnection().execute<VoucherRow[]>(`${SELECT} where v.id = ?`, [id]);
    return view(row);
  }

  /** The bureau sees every voucher; an institution its own. */
  async list(actor: Actor | null, query: PageQuery): Promise<Page<VoucherView>> {
    const a = authorize(actor, 'voucher.list', {});
    const { page, pageSize, offset } = pageWindow(query);
    const own = a.role === 'institution_admin';
    const where = own ? 'where v.holder_institution_id = ?' : '';
    const params = own ? [a.institutionId] : [];
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<VoucherRow[]>(`${SELECT} ${where} order by v.code collate "C" limit ? offset ?`, [...params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from billing.voucher v ${where}`, params),
    ]);
    return { items: rows.map(view), total: Number(total), page, pageSize };
  }
}

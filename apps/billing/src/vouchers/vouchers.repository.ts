import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Actor, VoucherView } from '@yixiang/contracts';
import { AuditTrail, SqlFilter } from '@yixiang/common';

/** A voucher with what it has drawn so far (money as text: bigint). */
export interface VoucherRow {
  id: string; code: string; holder_institution_id: string; face_value_fen: string; cover_bps: number; per_use_cap_fen: string | null;
  valid_from: Date | string; valid_to: Date | string | null; drawn: string;
  programme_id: string | null; mode: 'provider-redeemed' | 'holder-reimbursed' | null; provider_regions: string[];
}

export interface NewVoucher {
  id: string; code: string; holderInstitutionId: string; faceValueFen: number; coverBps: number; perUseCapFen: number | null;
  validFrom: Date; validTo: Date | null; createdBy: string;
}

/** The one mapping of a voucher row to its view. */
export const voucherView = (r: VoucherRow): VoucherView => ({
  id: r.id, code: r.code, holderInstitutionId: r.holder_institution_id, faceValueFen: Number(r.face_value_fen), coverBps: r.cover_bps,
  perUseCapFen: r.per_use_cap_fen === null ? null : Number(r.per_use_cap_fen), validFrom: new Date(r.valid_from).toISOString(),
  validTo: r.valid_to === null ? null : new Date(r.valid_to).toISOString(), drawnFen: Number(r.drawn), balanceFen: Number(r.face_value_fen) - Number(r.drawn),
  programmeId: r.programme_id, mode: r.mode, providerRegions: r.provider_regions,
});

const SELECT = `select v.id, v.code, v.holder_institution_id, v.face_value_fen::text, v.cover_bps, v.per_use_cap_fen::text, v.valid_from, v.valid_to,
  v.programme_id, v.mode, v.provider_regions,
  coalesce((select sum(c.voucher_fen) from billing.charge c where c.voucher_id = v.id), 0)::text as drawn from billing.voucher v`;

/** The SQL of vouchers (billing.voucher, alias v); what a voucher has drawn is the sum of its settled charges' draws. */
@Injectable()
export class VouchersRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditTrail,
  ) {}

  /** Stores a voucher with its audit entry, in one transaction; a taken code raises the unique violation. */
  async insert(v: NewVoucher, actor: Actor): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      await em.execute(
        `insert into billing.voucher (id, code, holder_institution_id, face_value_fen, cover_bps, per_use_cap_fen, valid_from, valid_to, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [v.id, v.code, v.holderInstitutionId, v.faceValueFen, v.coverBps, v.perUseCapFen, v.validFrom, v.validTo, v.createdBy]);
      const [row] = await em.execute<VoucherRow[]>(`${SELECT} where v.id = ?`, [v.id]);
      await this.audit.append(em, { actor, action: 'voucher.issue', objectType: 'voucher', objectId: v.id, before: null, after: voucherView(row) });
    });
  }

  async find(id: string): Promise<VoucherRow | null> {
    const [row] = await this.em.getConnection().execute<VoucherRow[]>(`${SELECT} where v.id = ?`, [id]);
    return row ?? null;
  }

  /** A page of vouchers matching the filter (over v), in code order, and how many match in all. */
  async list(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: VoucherRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<VoucherRow[]>(`${SELECT} where ${filter.sql} order by v.code collate "C" limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from billing.voucher v where ${filter.sql}`, filter.params),
    ]);
    return { rows, total: Number(total) };
  }
}

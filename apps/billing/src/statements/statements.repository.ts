import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ChargeView, StatementView } from '@yixiang/contracts';
import { SqlFilter } from '@yixiang/common';

/** A row of billing.statement; money as text (bigint). */
export interface StatementRow {
  id: string; provider_institution_id: string; payer_institution_id: string; period: string; lines: number; amount_fen: string;
  voucher_fen: string; payable_fen: string; status: StatementView['status']; issued_at: Date | string | null; paid_at: Date | string | null;
}

/** A charge joined with its usage record's code; money as text (bigint). */
export interface ChargeRow {
  usage_record_id: string; code: string; period: string; rate_code: string; external: boolean; billed_units: string; amount_fen: string;
  voucher_id: string | null; voucher_fen: string; payable_fen: string; provider_institution_id: string; payer_institution_id: string;
  fund_account_id: string | null; fund_account_code: string | null;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** The one mapping of a statement row to its view. */
export const statementView = (r: StatementRow): StatementView => ({
  id: r.id, providerInstitutionId: r.provider_institution_id, payerInstitutionId: r.payer_institution_id, period: r.period, lines: r.lines,
  amountFen: Number(r.amount_fen), voucherFen: Number(r.voucher_fen), payableFen: Number(r.payable_fen), status: r.status,
  issuedAt: iso(r.issued_at), paidAt: iso(r.paid_at),
});

/** The one mapping of a charge row to its view. */
export function chargeView(r: ChargeRow): ChargeView {
  return {
    usageId: r.usage_record_id, usageCode: r.code, period: r.period, rateCode: r.rate_code, external: r.external, billedUnits: r.billed_units,
    amountFen: Number(r.amount_fen), voucherId: r.voucher_id, voucherFen: Number(r.voucher_fen), payableFen: Number(r.payable_fen),
    providerInstitutionId: r.provider_institution_id, payerInstitutionId: r.payer_institution_id,
    fundAccountId: r.fund_account_id ?? null, fundAccountCode: r.fund_account_code ?? null,
  };
}

const STATEMENT_COLUMNS = `s.id, s.provider_institution_id, s.payer_institution_id, s.period, s.lines, s.amount_fen::text, s.voucher_fen::text,
  s.payable_fen::text, s.status, s.issued_at, s.paid_at`;

const CHARGE_SELECT = `select c.usage_record_id, u.code, c.period, c.rate_code, c.external, c.billed_units, c.amount_fen::text, c.voucher_id, c.voucher_fen::text,
  c.payable_fen::text, c.provider_institution_id, c.payer_institution_id, u.fund_account_id, u.fund_account_code from billing.charge c join billing.usage_record u on u.id = c.usage_record_id`;

/** The SQL of statements (billing.statement, alias s) and the charges they sum (billing.charge c joined with billing.usage_record u). */
@Injectable()
export class StatementsRepository {
  constructor(private readonly em: EntityManager) {}

  async list(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: StatementRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<StatementRow[]>(`select ${STATEMENT_COLUMNS} from billing.statement s where ${filter.sql} order by s.period, s.provider_institution_id, s.payer_institution_id limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from billing.statement s where ${filter.sql}`, filter.params),
    ]);
    return { rows, total: Number(total) };
  }

  async find(id: string): Promise<StatementRow | null> {
    const [row] = await this.em.getConnection().execute<StatementRow[]>(`select ${STATEMENT_COLUMNS} from billing.statement s where s.id = ?`, [id]);
    return row ?? null;
  }

  /** Runs `work` in one transaction (an issue and its event commit together or not at all). */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.em.fork().transactional(work);
  }

  /**
   * A conditional UPDATE from the status it expects, in the caller's transaction: the changed row, or
   * null when the statement was not in `from`.
   */
  async changeStatus(em: EntityManager, id: string, from: string, to: string, stamp: 'issued_at' | 'paid_at'): Promise<StatementRow | null> {
    const [updated] = await em.execute<StatementRow[]>(
      `update billing.statement s set status = ?, ${stamp} = now(), updated_at = now() where s.id = ? and s.status = ? returning ${STATEMENT_COLUMNS}`, [to, id, from]);
    return updated ?? null;
  }

  /** The charges of one statement, of one user only when `userId` is given, in code order. */
  async statementCharges(row: StatementRow, userId: string | null): Promise<ChargeRow[]> {
    return this.em.getConnection().execute<ChargeRow[]>(
      `${CHARGE_SELECT} where c.period = ? and c.provider_institution_id = ? and c.payer_institution_id = ? ${userId === null ? '' : 'and u.user_id = ?'}
       order by u.code collate "C" limit 5000`,
      [row.period, row.provider_institution_id, row.payer_institution_id, ...(userId === null ? [] : [userId])]);
  }

  /** A page of charges matching the filter (over c and u), in order of the record's start then code. */
  async charges(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: ChargeRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<ChargeRow[]>(`${CHARGE_SELECT} where ${filter.sql} order by u.start_at, u.code collate "C" limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from billing.charge c join billing.usage_record u on u.id = c.usage_record_id where ${filter.sql}`, filter.params),
    ]);
    return { rows, total: Number(total) };
  }
}

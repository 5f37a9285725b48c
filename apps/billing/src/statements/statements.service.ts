import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, ChargeView, Page, pageWindow, PeriodQuery, StatementDetail, StatementListQuery, StatementView } from '@yixiang/contracts';
import { authorize, can, fail, requireActor } from '@yixiang/common';
import { StatementObject } from '@yixiang/domain';
import { billingScope } from './scope';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface StatementRow {
  id: string; provider_institution_id: string; payer_institution_id: string; period: string; lines: number; amount_fen: string;
  voucher_fen: string; payable_fen: string; status: StatementView['status']; issued_at: Date | string | null; paid_at: Date | string | null;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const statementView = (r: StatementRow): StatementView => ({
  id: r.id, providerInstitutionId: r.provider_institution_id, payerInstitutionId: r.payer_institution_id, period: r.period, lines: r.lines,
  amountFen: Number(r.amount_fen), voucherFen: Number(r.voucher_fen), payableFen: Number(r.payable_fen), status: r.status,
  issuedAt: iso(r.issued_at), paidAt: iso(r.paid_at),
});

const STATEMENT_COLUMNS = `s.id, s.provider_institution_id, s.payer_institution_id, s.period, s.lines, s.amount_fen::text, s.voucher_fen::text,
  s.payable_fen::text, s.status, s.issued_at, s.paid_at`;

@Injectable()
export class StatementsService {
  constructor(private readonly em: EntityManager) {}

  async list(actor: Actor | null, query: StatementListQuery): Promise<Page<StatementView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const scope = billingScope(a, 's.provider_institution_id', 's.payer_institution_id');
    const where = [scope.sql];
    const params = [...scope.params];
    if (query.period) {
      where.push('s.period = ?');
      params.push(query.period);
    }
    if (query.status) {
      where.push('s.status = ?');
      params.push(query.status);
    }
    const clause = where.join(' and ');
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<StatementRow[]>(`select ${STATEMENT_COLUMNS} from billing.statement s where ${clause} order by s.period, s.provider_institution_id, s.payer_institution_id limit ? offset ?`, [...params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from billing.statement s where ${clause}`, params),
    ]);
    return { items: rows.map(statementView), total: Number(total), page, pageSize };
  }

  /**
   * A statement with its lines. A researcher reads the statements their institution pays (as the list
   * shows them) but, as in GET /charges, only their own charges: `charges` then holds only theirs, and
   * `chargesScope: 'own'` says that the totals cover more lines than are shown.
   */
  async get(actor: Actor | null, id: string): Promise<StatementDetail> {
    const a = requireActor(actor);
    const row = await this.load(a, id);
    const all = can(a, 'statement.read-lines', statementObject(row));
    const charges = await this.em.getConnection().execute<Record<string, any>[]>(
      `${CHARGE_SELECT} where c.period = ? and c.provider_institution_id = ? and c.payer_institution_id = ? ${all ? '' : 'and u.user_id = ?'}
       order by u.code collate "C" limit 5000`,
      [row.period, row.provider_institution_id, row.payer_institution_id, ...(all ? [] : [a.userId])]);
    return { ...statementView(row), charges: charges.map(chargeView), chargesScope: all ? 'statement' : 'own' };
  }

  /** draft → issued (the provider's staff), issued → paid (the provider's staff, when the money arrived). */
  async transition(actor: Actor | null, id: string, action: 'issue' | 'pay'): Promise<StatementView> {
    const a = requireActor(actor);
    const row = await this.load(a, id);
    authorize(a, action === 'issue' ? 'statement.issue' : 'statement.pay', statementObject(row));
    const [from, to, stamp] = action === 'issue' ? ['draft', 'issued', 'issued_at'] : ['issued', 'paid', 'paid_at'];
    const [updated] = await this.em.getConnection().execute<StatementRow[]>(
      `update billing.statement s set status = ?, ${stamp} = now(), updated_at = now() where s.id = ? and s.status = ? returning ${STATEMENT_COLUMNS}`, [to, id, from]);
    if (!updated) fail('ILLEGAL_TRANSITION', `statement is ${row.status}; it cannot be ${action === 'issue' ? 'issued' : 'paid'} now`, { status: row.status, action });
    return statementView(updated);
  }

  async charges(actor: Actor | null, query: PeriodQuery): Promise<Page<ChargeView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const scope = billingScope(a, 'c.provider_institution_id', 'c.payer_institution_id', 'u.user_id');
    const where = [scope.sql];
    const params = [...scope.params];
    if (query.period) {
      where.push('c.period = ?');
      params.push(query.period);
    }
    const clause = where.join(' and ');
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<Record<string, any>[]>(`${CHARGE_SELECT} where ${clause} order by u.start_at, u.code collate "C" limit ? offset ?`, [...params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from billing.charge c join billing.usage_record u on u.id = c.usage_record_id where ${clause}`, params),
    ]);
    return { items: rows.map(chargeView), total: Number(total), page, pageSize };
  }

  private async load(actor: Actor, id: string): Promise<StatementRow> {
    if (!UUID.test(id)) fail('NOT_FOUND', `statement ${id} does not exist`);
    const [row] = await this.em.getConnection().execute<StatementRow[]>(`select ${STATEMENT_COLUMNS} from billing.statement s where s.id = ?`, [id]);
    if (!row) fail('NOT_FOUND', `statement ${id} does not exist`);
    authorize(actor, 'statement.read', statementObject(row), `statement ${id} does not exist`);
    return row;
  }
}

const statementObject = (r: StatementRow): StatementObject => ({ providerInstitutionId: r.provider_institution_id, payerInstitutionId: r.payer_institution_id });

const CHARGE_SELECT = `select c.usage_record_id, u.code, c.period, c.rate_code, c.external, c.billed_units, c.amount_fen::text, c.voucher_id, c.voucher_fen::text,
  c.payable_fen::text, c.provider_institution_id, c.payer_institution_id from billing.charge c join billing.usage_record u on u.id = c.usage_record_id`;

function chargeView(r: Record<string, any>): ChargeView {
  return {
    usageId: r.usage_record_id, usageCode: r.code, period: r.period, rateCode: r.rate_code, external: r.external, billedUnits: r.billed_units,
    amountFen: Number(r.amount_fen), voucherId: r.voucher_id, voucherFen: Number(r.voucher_fen), payableFen: Number(r.payable_fen),
    providerInstitutionId: r.provider_institution_id, payerInstitutionId: r.payer_institution_id,
  };
}

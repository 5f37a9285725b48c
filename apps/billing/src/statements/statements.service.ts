import { Injectable } from '@nestjs/common';
import { Actor, ChargeView, Page, pageWindow, PeriodQuery, StatementDetail, StatementListQuery, StatementView } from '@yixiang/contracts';
import { authorize, can, fail, requireActor, SqlFilter } from '@yixiang/common';
import { StatementObject, UUID_PATTERN } from '@yixiang/domain';
import { CHARGE_SCOPE, STATEMENT_SCOPE } from './scope';
import { chargeView, StatementRow, StatementsRepository, statementView } from './statements.repository';


@Injectable()
export class StatementsService {
  constructor(private readonly statements: StatementsRepository) {}

  async list(actor: Actor | null, query: StatementListQuery): Promise<Page<StatementView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter().scopedTo(a, STATEMENT_SCOPE);
    if (query.period) filter.and('s.period = ?', query.period);
    if (query.status) filter.and('s.status = ?', query.status);
    const { rows, total } = await this.statements.list(filter, pageSize, offset);
    return { items: rows.map(statementView), total, page, pageSize };
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
    const charges = await this.statements.statementCharges(row, all ? null : a.userId);
    return { ...statementView(row), charges: charges.map(chargeView), chargesScope: all ? 'statement' : 'own' };
  }

  /** draft → issued (the provider's staff), issued → paid (the provider's staff, when the money arrived). */
  async transition(actor: Actor | null, id: string, action: 'issue' | 'pay'): Promise<StatementView> {
    const a = requireActor(actor);
    const row = await this.load(a, id);
    authorize(a, action === 'issue' ? 'statement.issue' : 'statement.pay', statementObject(row));
    const updated = action === 'issue' ? await this.statements.changeStatus(id, 'draft', 'issued', 'issued_at') : await this.statements.changeStatus(id, 'issued', 'paid', 'paid_at');
    if (!updated) fail('ILLEGAL_TRANSITION', `statement is ${row.status}; it cannot be ${action === 'issue' ? 'issued' : 'paid'} now`, { status: row.status, action });
    return statementView(updated);
  }

  async charges(actor: Actor | null, query: PeriodQuery): Promise<Page<ChargeView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter().scopedTo(a, CHARGE_SCOPE);
    if (query.period) filter.and('c.period = ?', query.period);
    const { rows, total } = await this.statements.charges(filter, pageSize, offset);
    return { items: rows.map(chargeView), total, page, pageSize };
  }

  private async load(actor: Actor, id: string): Promise<StatementRow> {
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', `statement ${id} does not exist`);
    const row = await this.statements.find(id);
    if (!row) fail('NOT_FOUND', `statement ${id} does not exist`);
    authorize(actor, 'statement.read', statementObject(row), `statement ${id} does not exist`);
    return row;
  }
}

const statementObject = (r: StatementRow): StatementObject => ({ providerInstitutionId: r.provider_institution_id, payerInstitutionId: r.payer_institution_id });

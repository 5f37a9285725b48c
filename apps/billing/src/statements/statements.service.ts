import { Injectable } from '@nestjs/common';
import { Actor, ChargeView, Page, pageWindow, PeriodQuery, StatementDetail, StatementListQuery, StatementView } from '@yixiang/contracts';
import { authorize, can, fail, InstitutionRegions, requireActor, SqlFilter } from '@yixiang/common';
import { FactsClient } from '../settlement/facts.client';
import { StatementObject, UUID_PATTERN } from '@yixiang/domain';
import { CHARGE_SCOPE, STATEMENT_SCOPE } from './scope';
import { chargeView, StatementRow, StatementsRepository, statementView } from './statements.repository';


@Injectable()
export class StatementsService {
  constructor(
    private readonly statements: StatementsRepository,
    private readonly facts: FactsClient,
  ) {}

  async list(actor: Actor | null, query: StatementListQuery): Promise<Page<StatementView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter().scopedTo(a, STATEMENT_SCOPE, await this.facts.regions.scopeOf(a));
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
    const all = can(a, 'statement.read-lines', await this.statementObject(a, row));
    const charges = await this.statements.statementCharges(row, all ? null : a.userId);
    return { ...statementView(row), charges: charges.map(chargeView), chargesScope: all ? 'statement' : 'own' };
  }

  /** draft → issued (the provider's staff), issued → paid (the provider's staff, when the money arrived). */
  async transition(actor: Actor | null, id: string, action: 'issue' | 'pay'): Promise<StatementView> {
    const a = requireActor(actor);
    const row = await this.load(a, id);
    authorize(a, action === 'issue' ? 'statement.issue' : 'statement.pay', await this.statementObject(a, row));
    const updated = action === 'issue' ? await this.statements.changeStatus(id, 'draft', 'issued', 'issued_at') : await this.statements.changeStatus(id, 'issued', 'paid', 'paid_at');
    if (!updated) fail('ILLEGAL_TRANSITION', `statement is ${row.status}; it cannot be ${action === 'issue' ? 'issued' : 'paid'} now`, { status: row.status, action });
    return statementView(updated);
  }

  async charges(actor: Actor | null, query: PeriodQuery): Promise<Page<ChargeView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter().scopedTo(a, CHARGE_SCOPE, await this.facts.regions.scopeOf(a));
    if (query.period) filter.and('c.period = ?', query.period);
    const { rows, total } = await this.statements.charges(filter, pageSize, offset);
    return { items: rows.map(chargeView), total, page, pageSize };
  }

  private async load(actor: Actor, id: string): Promise<StatementRow> {
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', `statement ${id} does not exist`);
    const row = await this.statements.find(id);
    if (!row) fail('NOT_FOUND', `statement ${id} does not exist`);
    authorize(actor, 'statement.read', await this.statementObject(actor, row), `statement ${id} does not exist`);
    return row;
  }

  /** The statement as the rules see it; its parties' regions are asked only for a regional bureau officer (issue 16). */
  private async statementObject(actor: Actor, r: StatementRow): Promise<StatementObject> {
    const regions = InstitutionRegions.matter(actor) ? await this.facts.regions.of([r.provider_institution_id, r.payer_institution_id]) : new Map<string, string | null>();
    return {
      providerInstitutionId: r.provider_institution_id, payerInstitutionId: r.payer_institution_id,
      providerRegion: regions.get(r.provider_institution_id) ?? null, payerRegion: regions.get(r.payer_institution_id) ?? null,
    };
  }
}

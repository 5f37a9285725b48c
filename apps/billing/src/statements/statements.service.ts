import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, ChargeView, Events, Page, pageWindow, PeriodQuery, StatementDetail, StatementIssuedEvent, StatementListQuery, StatementView } from '@yixiang/contracts';
import { AuditTrail, authorize, can, fail, InstitutionRegions, requireActor, SqlFilter } from '@yixiang/common';
import { FactsClient } from '../settlement/facts.client';
import { StatementObject, UUID_PATTERN, said, noSuch } from '@yixiang/domain';
import { writeOutbox } from '../outbox/outbox.writer';
import { CHARGE_SCOPE, STATEMENT_SCOPE } from './scope';
import { chargeView, StatementRow, StatementsRepository, statementView } from './statements.repository';

/** The event of an issued statement, from its view (money as numbers of fen, as the API shows it). */
export function issuedEvent(s: StatementView, names: Map<string, string>): StatementIssuedEvent {
  return {
    eventId: randomUUID(), occurredAt: s.issuedAt as string, statementId: s.id, period: s.period,
    providerInstitutionId: s.providerInstitutionId, providerInstitutionName: names.get(s.providerInstitutionId) ?? null,
    payerInstitutionId: s.payerInstitutionId, payerInstitutionName: names.get(s.payerInstitutionId) ?? null,
    lines: s.lines, amountFen: s.amountFen, voucherFen: s.voucherFen, payableFen: s.payableFen, issuedAt: s.issuedAt as string,
  };
}

@Injectable()
export class StatementsService {
  constructor(
    private readonly statements: StatementsRepository,
    private readonly facts: FactsClient,
    private readonly audit: AuditTrail,
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

  /**
   * draft → issued (the provider's staff), issued → paid (the provider's staff, when the money arrived).
   * An issue writes billing.statement.issued in its own transaction (the payer's admins are told, the
   * parties' webhooks called): a statement issued once, by whichever of two concurrent calls won, is one event.
   */
  async transition(actor: Actor | null, id: string, action: 'issue' | 'pay'): Promise<StatementView> {
    const a = requireActor(actor);
    const row = await this.load(a, id);
    authorize(a, action === 'issue' ? 'statement.issue' : 'statement.pay', await this.statementObject(a, row));
    const names = action === 'issue' ? await this.names([row.provider_institution_id, row.payer_institution_id]) : new Map<string, string>();
    const updated = await this.statements.transaction(async (em) => {
      const changed = action === 'pay' ? await this.statements.changeStatus(em, id, 'issued', 'paid', 'paid_at') : await this.statements.changeStatus(em, id, 'draft', 'issued', 'issued_at');
      if (changed && action === 'issue') await writeOutbox(em, Events.statementIssued, issuedEvent(statementView(changed), names));
      // The conditional update found the status it expected, so `row` is the statement as it was before.
      if (changed) await this.audit.append(em, { actor: a, action: `statement.${action}`, objectType: 'statement', objectId: id, before: statementView(row), after: statementView(changed) });
      return changed;
    });
    if (!updated) fail('ILLEGAL_TRANSITION', said(`结算单当前状态为 ${row.status}，现在不能${action === 'issue' ? '开具' : '付款'}`, `statement is ${row.status}; it cannot be ${action === 'issue' ? 'issued' : 'paid'} now`), { status: row.status, action });
    return statementView(updated);
  }

  /** The institutions' names for the notice; none when the catalogue does not answer (the notice then says 服务单位, never blocks an issue). */
  private async names(ids: string[]): Promise<Map<string, string>> {
    const facts = await this.facts.facts([], ids).catch(() => ({ institutions: [] }));
    return new Map(facts.institutions.flatMap((i) => (i.name ? [[i.id, i.name] as [string, string]] : [])));
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
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', noSuch('结算单', 'statement', id));
    const row = await this.statements.find(id);
    if (!row) fail('NOT_FOUND', noSuch('结算单', 'statement', id));
    authorize(actor, 'statement.read', await this.statementObject(actor, row), noSuch('结算单', 'statement', id));
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

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BillingSubjects, PeriodQuery, StatementListQuery } from '@yixiang/contracts';
import { fail, Handles } from '@yixiang/common';
import { StatementsService } from './statements.service';
import { said } from '@yixiang/domain';

/** Statements, their transitions, and the charges on them. */
@Controller()
export class StatementsHandlers {
  constructor(private readonly statements: StatementsService) {}

  @Handles(BillingSubjects.statementList)
  listStatements(@Payload('actor') actor: Actor | null, @Payload('data') data: StatementListQuery) {
    return this.statements.list(actor, data);
  }

  @Handles(BillingSubjects.statementGet)
  getStatement(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.statements.get(actor, id);
  }

  @Handles(BillingSubjects.statementTransition)
  transitionStatement(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('action') action: string) {
    if (action !== 'issue' && action !== 'pay') fail('NOT_FOUND', said(`没有操作 ${action}，请用 issue（开具）或 pay（付款）`, `no action ${action}; use issue or pay`));
    return this.statements.transition(actor, id, action);
  }

  @Handles(BillingSubjects.chargeList)
  listCharges(@Payload('actor') actor: Actor | null, @Payload('data') data: PeriodQuery) {
    return this.statements.charges(actor, data);
  }
}

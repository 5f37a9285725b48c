import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor, BILLING_EXPORTS, BillingExport, BillingSubjects, CreateFeedbackDto, CreateVoucherDto, PageQuery, PeriodQuery, StatementListQuery,
} from '@yixiang/contracts';
import { fail } from '@yixiang/common';
import { ExportsService } from '../exports/exports.service';
import { BillingImportService } from '../imports/billing-import.service';
import { FeedbackService } from '../vouchers/feedback.service';
import { VouchersService } from '../vouchers/vouchers.service';
import { UsageGroupsService } from '../usage-groups/usage-groups.service';
import { StatementsService } from './statements.service';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

@Controller()
export class BillingHandlers {
  constructor(
    private readonly vouchers: VouchersService,
    private readonly feedback: FeedbackService,
    private readonly statements: StatementsService,
    private readonly exportsService: ExportsService,
    private readonly imports: BillingImportService,
    private readonly groups: UsageGroupsService,
  ) {}

  @MessagePattern(BillingSubjects.voucherCreate)
  createVoucher(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateVoucherDto) {
    return this.vouchers.create(actor, data);
  }

  @MessagePattern(BillingSubjects.voucherList)
  listVouchers(@Payload('actor') actor: Actor | null, @Payload('data') data: PageQuery) {
    return this.vouchers.list(actor, data);
  }

  @MessagePattern(BillingSubjects.feedbackCreate)
  createFeedback(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateFeedbackDto) {
    return this.feedback.create(actor, data);
  }

  @MessagePattern(BillingSubjects.statementList)
  listStatements(@Payload('actor') actor: Actor | null, @Payload('data') data: StatementListQuery) {
    return this.statements.list(actor, data);
  }

  @MessagePattern(BillingSubjects.statementGet)
  getStatement(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.statements.get(actor, id);
  }

  @MessagePattern(BillingSubjects.statementTransition)
  transitionStatement(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('action') action: string) {
    if (action !== 'issue' && action !== 'pay') fail('NOT_FOUND', `no action ${action}; use issue or pay`);
    return this.statements.transition(actor, id, action);
  }

  @MessagePattern(BillingSubjects.chargeList)
  listCharges(@Payload('actor') actor: Actor | null, @Payload('data') data: PeriodQuery) {
    return this.statements.charges(actor, data);
  }

  @MessagePattern(BillingSubjects.exportCsv)
  export(@Payload('actor') actor: Actor | null, @Payload('kind') kind: string, @Payload('format') format: string, @Payload('period') period?: string) {
    if (!(BILLING_EXPORTS as readonly string[]).includes(kind)) fail('NOT_FOUND', `no export ${kind}`);
    if (format !== 'csv' && format !== 'xlsx') fail('NOT_FOUND', `no format ${format}; use csv or xlsx`);
    if (period !== undefined && period !== null && !PERIOD.test(period)) {
      fail('VALIDATION_FAILED', 'period must be YYYY-MM', { fields: [{ field: 'period', reason: 'must be YYYY-MM' }] });
    }
    return this.exportsService.export(actor, kind as BillingExport, format, period ?? undefined);
  }

  @MessagePattern(BillingSubjects.usageGroups)
  usageGroups(@Payload('year') year: number, @Payload('listKey') listKey: string) {
    return this.groups.groupsToList(Number(year), String(listKey ?? ''));
  }

  @MessagePattern(BillingSubjects.usageRecordsOf)
  usageRecords(@Payload('year') year: number, @Payload('instrumentId') instrumentId: string) {
    return this.groups.records(Number(year), instrumentId);
  }

  @MessagePattern([BillingSubjects.importCheck, BillingSubjects.importApply])
  retiredImport(): never {
    fail('SERVICE_UNAVAILABLE', 'this catalogue is older than the billing service: billing reads staged files now (billing.import.check-staged); update the catalogue');
  }

  @MessagePattern(BillingSubjects.importCheckStaged)
  checkImport(@Payload('actor') actor: Actor | null, @Payload('blobKey') blobKey: string, @Payload('files') files: unknown) {
    return this.imports.check(actor, blobKey, files);
  }

  @MessagePattern(BillingSubjects.importApplyStaged)
  applyImport(@Payload('actor') actor: Actor | null, @Payload('blobKey') blobKey: string, @Payload('files') files: unknown) {
    return this.imports.apply(actor, blobKey, files);
  }
}

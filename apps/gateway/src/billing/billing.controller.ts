import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags, ApiOkResponse, ApiCreatedResponse, ApiAcceptedResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import {
  Actor, BILLING_EXPORTS, BillingSubjects, ChargeView, CreateFeedbackDto, CreateVoucherDto, Page, PageQuery, PeriodQuery, SettlementDto, SettlementRangeDto, StatementDetailView, StatementListQuery, StatementView, SubsidySubjects, VoucherView, SettlementRunView, pageOf, JobStartedView, FeedbackView,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { GATEWAY_REDIS } from '../auth/login-rate-limiter';
import { ApiError } from '../http/api-error';
import { RequestLanguage } from '../http/language.decorator';
import { UuidPipe } from '../http/id.pipe';
import { ApiExcelQuery, sendExportedFile } from '../http/exported-file';
import { OptionalExcelFlagPipe, OptionalPeriodPipe, OptionalUuidQueryPipe } from '../http/query.pipe';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { said, type Language, localize } from '@yixiang/domain';

@ApiTags('billing')
@ApiSignedIn()
@Controller()
export class BillingController {
  constructor(
    private readonly services: Services,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  @Post('settlements')
  @HttpCode(202)
  @ApiOperation({ summary: 'Settle a month (and every earlier month with unsettled records) → 202 {jobId}; GET /jobs/:id follows it' })
  @ApiAcceptedResponse({ type: JobStartedView })
  @ApiErrors(400, 403, 409)
  settle(@CurrentActor() actor: Actor, @Body() data: SettlementDto): Promise<{ jobId: string }> {
    return this.services.billing.request(BillingSubjects.settlementStart, { actor, data });
  }

  @Post('settlements/range')
  @HttpCode(202)
  @ApiOperation({ summary: 'Settle each month from `from` through `to` in order, as one job (a year in one request) → 202 {jobId}; GET /jobs/:id follows its progress' })
  @ApiAcceptedResponse({ type: JobStartedView })
  @ApiErrors(400, 403, 409)
  settleRange(@CurrentActor() actor: Actor, @Body() data: SettlementRangeDto): Promise<{ jobId: string }> {
    return this.services.billing.request(BillingSubjects.settlementStartRange, { actor, data });
  }

  @Get('settlements')
  @ApiOperation({ summary: 'The latest settlement runs (bureau, auditor): month, state, progress, months settled and their counts' })
  @ApiOkResponse({ type: pageOf(SettlementRunView) })
  @ApiErrors(400, 403)
  async settlements(@CurrentActor() actor: Actor, @Query() data: PageQuery, @RequestLanguage() language: Language): Promise<Page<SettlementRunView>> {
    // A failed run's error is kept in both languages; the page is in the asker's.
    return localize(await this.services.billing.request(BillingSubjects.settlementList, { actor, data }), language);
  }

  @Post('vouchers')
  @ApiOperation({ summary: 'Issue an innovation voucher (bureau)' })
  @ApiCreatedResponse({ type: VoucherView })
  @ApiErrors(400, 403, 404, 409)
  createVoucher(@CurrentActor() actor: Actor, @Body() data: CreateVoucherDto): Promise<VoucherView> {
    return this.services.billing.request(BillingSubjects.voucherCreate, { actor, data });
  }

  @Get('vouchers')
  @ApiOperation({ summary: 'Vouchers with what they have paid and their balance' })
  @ApiOkResponse({ type: pageOf(VoucherView) })
  @ApiErrors(400)
  vouchers(@CurrentActor() actor: Actor, @Query() data: PageQuery): Promise<Page<VoucherView>> {
    return this.services.billing.request(BillingSubjects.voucherList, { actor, data });
  }

  @Post('feedback')
  @ApiOperation({ summary: 'Rate your own completed service, 1–5, once' })
  @ApiCreatedResponse({ type: FeedbackView })
  @ApiErrors(400, 403, 404, 409)
  feedback(@CurrentActor() actor: Actor, @Body() data: CreateFeedbackDto): Promise<FeedbackView> {
    return this.services.billing.request(BillingSubjects.feedbackCreate, { actor, data });
  }

  @Get('charges')
  @ApiOkResponse({ type: pageOf(ChargeView) })
  @ApiErrors(400)
  @ApiOperation({ summary: 'Charges of a month the caller pays or provides, paginated' })
  charges(@CurrentActor() actor: Actor, @Query() data: PeriodQuery): Promise<Page<ChargeView>> {
    return this.services.billing.request(BillingSubjects.chargeList, { actor, data });
  }

  @Get('statements')
  @ApiOkResponse({ type: pageOf(StatementView) })
  @ApiErrors(400)
  @ApiOperation({ summary: 'Statements between provider and payer institutions, paginated' })
  statements(@CurrentActor() actor: Actor, @Query() data: StatementListQuery): Promise<Page<StatementView>> {
    return this.services.billing.request(BillingSubjects.statementList, { actor, data });
  }

  @Get('statements/:id')
  @ApiOkResponse({ type: StatementDetailView })
  @ApiErrors(404)
  @ApiOperation({ summary: 'One statement' })
  statement(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<StatementDetailView> {
    return this.services.billing.request(BillingSubjects.statementGet, { actor, id });
  }

  @Post('statements/:id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: ['issue', 'pay'] })
  @ApiOkResponse({ type: StatementView })
  @ApiErrors(403, 404, 409)
  @ApiOperation({ summary: 'Issue or mark paid a statement; an illegal transition is 409' })
  transition(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('action') action: string): Promise<StatementView> {
    return this.services.billing.request(BillingSubjects.statementTransition, { actor, id, action });
  }

  @Get('exports/:file')
  @ApiParam({ name: 'file', enum: [...BILLING_EXPORTS, 'evaluation', 'evaluation-instruments'].flatMap((k) => [`${k}.csv`, `${k}.xlsx`]) })
  @ApiQuery({ name: 'period', required: false, example: '2025-03' })
  @ApiQuery({ name: 'runId', required: false, description: 'for evaluation and evaluation-instruments' })
  @ApiExcelQuery()
  @ApiOperation({
    summary: 'Exports (billing by period, evaluation by run) for what the caller may see: CSV in the exchange format (excel=1: the same with a byte-order mark and CRLF for Excel), '
      + 'or .xlsx for people (Chinese headers, names beside codes, yuan and hours as numbers, a 合计 row)',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'the file (CSV or .xlsx)', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 403, 404)
  async export(
    @CurrentActor() actor: Actor, @Param('file') file: string, @Query('period', new OptionalPeriodPipe()) period: string | undefined,
    @Query('runId', new OptionalUuidQueryPipe('runId')) runId: string | undefined, @Query('excel', new OptionalExcelFlagPipe()) excel: boolean | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const m = /^([a-z-]+)\.(csv|xlsx)$/.exec(file);
    const evaluation = m?.[1] === 'evaluation' || m?.[1] === 'evaluation-instruments';
    if (!m || (!evaluation && !(BILLING_EXPORTS as readonly string[]).includes(m[1]))) throw new ApiError('NOT_FOUND', said(`没有名为 ${file.slice(0, 100)} 的导出`, `no export ${file.slice(0, 100)}`));
    const made = evaluation
      ? await this.services.subsidy.request(SubsidySubjects.exportFile, { actor, kind: m[1], format: m[2], runId }, 120000)
      : await this.services.billing.request(BillingSubjects.exportCsv, { actor, kind: m[1], format: m[2], period }, 120000);
    await sendExportedFile(this.redis, reply, made, excel);
  }
}

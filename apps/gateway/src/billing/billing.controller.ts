import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import {
  Actor, BILLING_EXPORTS, BillingSubjects, ChargeView, CreateFeedbackDto, CreateVoucherDto, Page, PageQuery, PeriodQuery, SettlementDto,
  StatementListQuery, StatementView, SubsidySubjects, VoucherView, SettlementRunView } from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { GATEWAY_REDIS } from '../auth/login-rate-limiter';
import { ApiError } from '../http/api-error';
import { UuidPipe } from '../http/id.pipe';
import { OptionalPeriodPipe, OptionalUuidQueryPipe } from '../http/query.pipe';
import { Services } from '../http/services';

@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingController {
  constructor(
    private readonly services: Services,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  @Post('settlements')
  @HttpCode(202)
  @ApiOperation({ summary: 'Settle a month (and every earlier month with unsettled records) → 202 {jobId}; GET /jobs/:id follows it' })
  settle(@CurrentActor() actor: Actor, @Body() data: SettlementDto): Promise<{ jobId: string }> {
    return this.services.billing.request(BillingSubjects.settlementStart, { actor, data });
  }

  @Get('settlements')
  @ApiOperation({ summary: 'The latest settlement runs (bureau, auditor): month, state, progress, months settled and their counts' })
  settlements(@CurrentActor() actor: Actor): Promise<SettlementRunView[]> {
    return this.services.billing.request(BillingSubjects.settlementList, { actor });
  }

  @Post('vouchers')
  @ApiOperation({ summary: 'Issue an innovation voucher (bureau)' })
  createVoucher(@CurrentActor() actor: Actor, @Body() data: CreateVoucherDto): Promise<VoucherView> {
    return this.services.billing.request(BillingSubjects.voucherCreate, { actor, data });
  }

  @Get('vouchers')
  @ApiOperation({ summary: 'Vouchers with what they have paid and their balance' })
  vouchers(@CurrentActor() actor: Actor, @Query() data: PageQuery): Promise<Page<VoucherView>> {
    return this.services.billing.request(BillingSubjects.voucherList, { actor, data });
  }

  @Post('feedback')
  @ApiOperation({ summary: 'Rate your own completed service, 1–5, once' })
  feedback(@CurrentActor() actor: Actor, @Body() data: CreateFeedbackDto): Promise<unknown> {
    return this.services.billing.request(BillingSubjects.feedbackCreate, { actor, data });
  }

  @Get('charges')
  charges(@CurrentActor() actor: Actor, @Query() data: PeriodQuery): Promise<Page<ChargeView>> {
    return this.services.billing.request(BillingSubjects.chargeList, { actor, data });
  }

  @Get('statements')
  statements(@CurrentActor() actor: Actor, @Query() data: StatementListQuery): Promise<Page<StatementView>> {
    return this.services.billing.request(BillingSubjects.statementList, { actor, data });
  }

  @Get('statements/:id')
  statement(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<StatementView> {
    return this.services.billing.request(BillingSubjects.statementGet, { actor, id });
  }

  @Post('statements/:id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: ['issue', 'pay'] })
  transition(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('action') action: string): Promise<StatementView> {
    return this.services.billing.request(BillingSubjects.statementTransition, { actor, id, action });
  }

  @Get('exports/:file')
  @ApiParam({ name: 'file', enum: [...BILLING_EXPORTS, 'evaluation', 'evaluation-instruments'].flatMap((k) => [`${k}.csv`, `${k}.xlsx`]) })
  @ApiQuery({ name: 'period', required: false, example: '2025-03' })
  @ApiQuery({ name: 'runId', required: false, description: 'for evaluation and evaluation-instruments' })
  @ApiOperation({ summary: 'Exchange-format outputs (billing by period, evaluation by run), as CSV or .xlsx, for what the caller may see' })
  async export(
    @CurrentActor() actor: Actor, @Param('file') file: string, @Query('period', new OptionalPeriodPipe()) period: string | undefined,
    @Query('runId', new OptionalUuidQueryPipe('runId')) runId: string | undefined, @Res() reply: FastifyReply,
  ): Promise<void> {
    const m = /^([a-z-]+)\.(csv|xlsx)$/.exec(file);
    const evaluation = m?.[1] === 'evaluation' || m?.[1] === 'evaluation-instruments';
    if (!m || (!evaluation && !(BILLING_EXPORTS as readonly string[]).includes(m[1]))) throw new ApiError('NOT_FOUND', `no export ${file.slice(0, 100)}`);
    const made = evaluation
      ? await this.services.subsidy.request(SubsidySubjects.exportFile, { actor, kind: m[1], format: m[2], runId }, 120000)
      : await this.services.billing.request(BillingSubjects.exportCsv, { actor, kind: m[1], format: m[2], period }, 120000);
    const body = await this.redis.getBuffer(made.blobKey);
    if (!body) throw new ApiError('SERVICE_UNAVAILABLE', 'the export expired before it could be sent; ask again');
    await this.redis.del(made.blobKey);
    await reply.header('content-type', made.contentType).header('content-disposition', `attachment; filename="${made.fileName}"`).send(body);
  }
}

import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import {
  Actor, BillingSubjects, ClaimableQuery, ClaimableView, CreateVoucherClaimDto, Page, pageOf, PayVoucherClaimDto, ProgrammeLedgerView, RejectVoucherClaimDto, VoucherClaimDetail,
  VoucherClaimListQuery, VoucherClaimView,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { GATEWAY_REDIS } from '../auth/login-rate-limiter';
import { ApiError } from '../http/api-error';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { ApiExcelQuery, sendExportedFile } from '../http/exported-file';
import { UuidPipe } from '../http/id.pipe';
import { OptionalExcelFlagPipe } from '../http/query.pipe';
import { Services } from '../http/services';
import { said } from '@yixiang/domain';

/** Reimbursement (兑付) of programme vouchers, and each programme's ledger (issue 16). */
@ApiTags('voucher-claims')
@ApiSignedIn()
@Controller()
export class VoucherClaimsController {
  constructor(
    private readonly services: Services,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  @Post('voucher-claims')
  @ApiOperation({
    summary: 'File a reimbursement claim (institution admin): provider {kind, month, issuingRegion, amountFen?} or holder {kind, programmeId, statementIds?}; more than drawn → 422',
  })
  @ApiCreatedResponse({ type: VoucherClaimDetail })
  @ApiErrors(400, 403, 404, 409, 422)
  create(@CurrentActor() actor: Actor, @Body() data: CreateVoucherClaimDto): Promise<VoucherClaimDetail> {
    return this.services.billing.request(BillingSubjects.voucherClaimCreate, { actor, data });
  }

  @Get('voucher-claims')
  @ApiOperation({ summary: 'Claims: a claimant its own, a regional bureau its region’s, joint officers and auditors all' })
  @ApiOkResponse({ type: pageOf(VoucherClaimView) })
  @ApiErrors(400, 403)
  list(@CurrentActor() actor: Actor, @Query() data: VoucherClaimListQuery): Promise<Page<VoucherClaimView>> {
    return this.services.billing.request(BillingSubjects.voucherClaimList, { actor, data });
  }

  @Get('voucher-claims/claimable')
  @ApiOperation({ summary: 'What the provider (institution admin) may claim for a month, grouped by issuing region' })
  @ApiOkResponse({ type: [ClaimableView] })
  @ApiErrors(400, 403)
  claimable(@CurrentActor() actor: Actor, @Query() data: ClaimableQuery): Promise<ClaimableView[]> {
    return this.services.billing.request(BillingSubjects.voucherClaimClaimable, { actor, data });
  }

  @Get('voucher-claims/:id')
  @ApiOperation({ summary: 'One claim with its lines (one per charge)' })
  @ApiOkResponse({ type: VoucherClaimDetail })
  @ApiErrors(400, 404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<VoucherClaimDetail> {
    return this.services.billing.request(BillingSubjects.voucherClaimGet, { actor, id });
  }

  @Post('voucher-claims/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a submitted claim (the issuing bureau); another state → 409' })
  @ApiOkResponse({ type: VoucherClaimView })
  @ApiErrors(400, 403, 404, 409)
  approve(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<VoucherClaimView> {
    return this.services.billing.request(BillingSubjects.voucherClaimApprove, { actor, id });
  }

  @Post('voucher-claims/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a submitted claim with a reason (the issuing bureau); its lines become claimable again' })
  @ApiOkResponse({ type: VoucherClaimView })
  @ApiErrors(400, 403, 404, 409)
  reject(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: RejectVoucherClaimDto): Promise<VoucherClaimView> {
    return this.services.billing.request(BillingSubjects.voucherClaimReject, { actor, id, data });
  }

  @Post('voucher-claims/:id/pay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the payment of an approved claim with its reference (the issuing bureau)' })
  @ApiOkResponse({ type: VoucherClaimView })
  @ApiErrors(400, 403, 404, 409)
  pay(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: PayVoucherClaimDto): Promise<VoucherClaimView> {
    return this.services.billing.request(BillingSubjects.voucherClaimPay, { actor, id, data });
  }

  @Get('voucher-programmes/:id/ledger')
  @ApiOperation({ summary: 'A programme’s ledger: issued, drawn, claimed, paid, expired, per voucher and in total' })
  @ApiOkResponse({ type: ProgrammeLedgerView })
  @ApiErrors(400, 403, 404)
  ledger(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ProgrammeLedgerView> {
    return this.services.billing.request(BillingSubjects.voucherProgrammeLedger, { actor, id });
  }

  @Get('voucher-programmes/:id/ledger.:format')
  @ApiParam({ name: 'format', enum: ['csv', 'xlsx'] })
  @ApiOperation({ summary: 'The ledger as CSV (one row per voucher, then TOTAL) or .xlsx (names beside codes, yuan, a 合计 row)' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'the file (CSV or .xlsx)', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 403, 404)
  @ApiExcelQuery()
  async ledgerExport(
    @CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('format') format: string, @Query('excel', new OptionalExcelFlagPipe()) excel: boolean | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (format !== 'csv' && format !== 'xlsx') throw new ApiError('NOT_FOUND', said(`不支持格式 ${format.slice(0, 20)}，请用 csv 或 xlsx`, `no format ${format.slice(0, 20)}; use csv or xlsx`));
    const made = await this.services.billing.request(BillingSubjects.voucherProgrammeLedgerExport, { actor, id, format }, 120000);
    await sendExportedFile(this.redis, reply, made, excel);
  }
}

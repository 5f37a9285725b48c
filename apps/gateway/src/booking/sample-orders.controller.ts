import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import {
  Actor, BookingSubjects, CreateSampleOrderDto, Page, pageOf, SAMPLE_ORDER_ACTIONS, SampleOrderActionDto, SampleOrderClickAction,
  SampleOrderListQuery, SampleOrderView, SampleTurnaroundView,
} from '@yixiang/contracts';
import { attachmentDisposition, decide, said } from '@yixiang/domain';
import { CurrentActor } from '../auth/actor.decorator';
import { GATEWAY_REDIS } from '../auth/login-rate-limiter';
import { GatewayConfig } from '../config';
import { ApiError } from '../http/api-error';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { RefPipe, UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';

/** An uploaded report waits in Redis only while the booking service stores it. */
const REPORT_BLOB_TTL_SECONDS = 600;

/**
 * Sample submission (送样检测, issue 18). Thin: each route is one booking-service request; files
 * travel through Redis both ways (NATS messages are small), as imports and exports do.
 */
@ApiTags('sample-orders')
@ApiSignedIn()
@Controller()
export class SampleOrdersController {
  constructor(
    private readonly services: Services,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    private readonly config: GatewayConfig,
  ) {}

  @Post('sample-orders')
  @ApiOperation({ summary: 'Submit samples for testing (送样): instrument, count, names, hazards, requested tests, delivery by hand or courier with its tracking number' })
  @ApiCreatedResponse({ type: SampleOrderView })
  @ApiErrors(400, 403, 404, 422)
  create(@CurrentActor() actor: Actor, @Body() data: CreateSampleOrderDto): Promise<SampleOrderView> {
    return this.services.booking.request(BookingSubjects.sampleOrderCreate, { actor, data });
  }

  @Get('sample-orders')
  @ApiOperation({ summary: 'Sample orders: a researcher’s own; an institution’s staff those on its instruments (scope=queue) and of its people; all for the bureau and auditors' })
  @ApiOkResponse({ type: pageOf(SampleOrderView) })
  @ApiErrors(400, 403)
  list(@CurrentActor() actor: Actor, @Query() data: SampleOrderListQuery): Promise<Page<SampleOrderView>> {
    return this.services.booking.request(BookingSubjects.sampleOrderList, { actor, data });
  }

  @Get('sample-orders/:id')
  @ApiOperation({ summary: 'One sample order, with the instant of each step (its status timeline) and its report’s name, size and SHA-256' })
  @ApiOkResponse({ type: SampleOrderView })
  @ApiErrors(404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<SampleOrderView> {
    return this.services.booking.request(BookingSubjects.sampleOrderGet, { actor, id });
  }

  @Post('sample-orders/:id/report')
  @HttpCode(200)
  @ApiOperation({ summary: 'Upload the test report (multipart field "report") of an order in testing: stored with its SHA-256, the order becomes report_issued; 409 in any other state' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['report'], properties: { report: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: SampleOrderView })
  @ApiErrors(400, 403, 404, 409, 413)
  async upload(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Req() request: FastifyRequest): Promise<SampleOrderView> {
    // Who may not issue the report is told before the upload is read; the booking service asks again.
    const order = await this.services.booking.request(BookingSubjects.sampleOrderGet, { actor, id });
    const decision = decide(actor, 'sample-order.manage', { providerInstitutionId: order.providerInstitutionId, userId: order.userId });
    if (!decision.allowed) throw new ApiError('FORBIDDEN', decision.reason);
    const field = [{ field: 'report', reason: said('必须上传', 'required') }];
    if (!request.isMultipart()) throw new ApiError('VALIDATION_FAILED', said('请以 multipart/form-data 上传文件字段“report”', 'send multipart/form-data with a file field "report"'), { fields: field });
    let file: { bytes: Buffer; fileName: string; contentType: string } | null = null;
    const max = this.config.REPORT_MAX_MB;
    for await (const part of request.parts({ limits: { fileSize: max * 1024 * 1024, files: 1 } })) {
      if (part.type !== 'file') continue;
      const bytes = await part.toBuffer();
      if (part.file.truncated) throw new ApiError('PAYLOAD_TOO_LARGE', said(`报告文件超过 ${max} MB`, `the report is larger than ${max} MB`));
      // Refused only once read: an answer before the body is consumed leaves the client's connection unusable.
      if (part.fieldname !== 'report') throw new ApiError('VALIDATION_FAILED', said(`未知的文件字段“${part.fieldname.slice(0, 50)}”，报告应放在“report”中`, `unexpected file field "${part.fieldname.slice(0, 50)}"; the report goes in "report"`), { fields: [{ field: part.fieldname.slice(0, 50), reason: said('未知字段', 'unknown field') }] });
      file = { bytes, fileName: part.filename, contentType: part.mimetype };
    }
    if (!file || file.bytes.length === 0) throw new ApiError('VALIDATION_FAILED', said('缺少文件字段“report”或文件为空', 'the file field "report" is missing or empty'), { fields: field });
    const blobKey = `${this.config.BULLMQ_PREFIX}:upload:${randomUUID()}`;
    await this.redis.set(blobKey, file.bytes, 'EX', REPORT_BLOB_TTL_SECONDS);
    try {
      return await this.services.booking.request(BookingSubjects.sampleReportUpload, { actor, id, data: { blobKey, fileName: file.fileName, contentType: file.contentType } }, 60000);
    } finally {
      // Stored or refused, the bytes need not wait in Redis any longer.
      await this.redis.del(blobKey);
    }
  }

  @Get('sample-orders/:id/report')
  @ApiOperation({ summary: 'Download the report, byte for byte, under its file name (requester, both institutions’ staff, the bureau, auditors); 404 before it is issued' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the report file, with its content type; X-Content-SHA256 carries its hash', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(404)
  async download(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const made = await this.services.booking.request(BookingSubjects.sampleReportDownload, { actor, id });
    const body = await this.redis.getBuffer(made.blobKey);
    if (!body) throw new ApiError('SERVICE_UNAVAILABLE', said('报告文件在发送前已过期，请重新下载', 'the report expired before it could be sent; ask again'));
    await this.redis.del(made.blobKey);
    await reply.header('content-type', made.contentType).header('content-disposition', attachmentDisposition(made.fileName))
      .header('x-content-sha256', made.sha256).header('cache-control', 'private, no-store').send(body);
  }

  @Post('sample-orders/:id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: SAMPLE_ORDER_ACTIONS })
  @ApiOperation({ summary: 'accept, reject (with a reason), receive, start-testing (the lab’s staff); complete, cancel (the requester, or the lab for them); a step from the wrong state is 409' })
  @ApiOkResponse({ type: SampleOrderView })
  @ApiErrors(400, 403, 404, 409)
  transition(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('action') action: string, @Body() data: SampleOrderActionDto): Promise<SampleOrderView> {
    if (!(SAMPLE_ORDER_ACTIONS as readonly string[]).includes(action)) {
      throw new ApiError('NOT_FOUND', said(`没有操作 ${action.slice(0, 50)}，可用：${SAMPLE_ORDER_ACTIONS.join('、')}（报告请上传到 /report）`, `no action ${action.slice(0, 50)}; use one of ${SAMPLE_ORDER_ACTIONS.join(', ')} (upload the report to /report)`));
    }
    return this.services.booking.request(BookingSubjects.sampleOrderTransition, { actor, id, action: action as SampleOrderClickAction, data });
  }

  @Get('instruments/:id/sample-turnaround')
  @ApiOperation({ summary: 'Turnaround of an instrument’s sample orders: the median whole minutes from receipt to report over its completed orders' })
  @ApiOkResponse({ type: SampleTurnaroundView })
  @ApiErrors(404)
  turnaround(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string): Promise<SampleTurnaroundView> {
    return this.services.booking.request(BookingSubjects.sampleTurnaround, { actor, id });
  }
}

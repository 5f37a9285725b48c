import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import { Actor, BillingSubjects, NationalExportQuery, NationalReportQuery, NationalValidationView } from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { GATEWAY_REDIS } from '../auth/login-rate-limiter';
import { sendExportedFile } from '../http/exported-file';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { Services } from '../http/services';

/**
 * Reporting to the national platform (重大科研基础设施和大型科研仪器国家网络管理平台, issue 20): an
 * institution's instrument records and service records of a quarter, checked before they are exported.
 * Its admin for its own institution, the bureau (a regional officer its region's) and auditors.
 */
@ApiTags('reports')
@ApiSignedIn()
@Controller('reports/national')
export class NationalReportsController {
  constructor(
    private readonly services: Services,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  @Get('validation')
  @ApiOperation({ summary: 'The validation report of an institution’s national records of a quarter: every required field a record leaves empty, with its Chinese name' })
  @ApiOkResponse({ type: NationalValidationView })
  @ApiErrors(400, 403, 404)
  validation(@CurrentActor() actor: Actor, @Query() data: NationalReportQuery): Promise<NationalValidationView> {
    return this.services.billing.request(BillingSubjects.nationalValidate, { actor, data });
  }

  @Get('export')
  @ApiOperation({
    summary: 'The same records in the national platform’s field set: CSV (UTF-8 with a byte-order mark, CRLF; national field names as the header) '
      + 'or an Excel workbook (Chinese headers, 万元 and 元 as numbers)',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 403, 404)
  async export(@CurrentActor() actor: Actor, @Query() data: NationalExportQuery, @Res() reply: FastifyReply): Promise<void> {
    const made = await this.services.billing.request(BillingSubjects.nationalExport, { actor, data }, 120000);
    await sendExportedFile(this.redis, reply, made);
  }
}

import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import { Actor, BillingSubjects, CrossRegionCsvQuery, CrossRegionQuery, CrossRegionStatisticsView } from '@yixiang/contracts';
import { excelFlag } from '@yixiang/domain';
import { CurrentActor } from '../auth/actor.decorator';
import { GATEWAY_REDIS } from '../auth/login-rate-limiter';
import { sendExportedFile } from '../http/exported-file';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { Services } from '../http/services';

/** Statistics of the platform across regions (issue 16): every bureau officer (regional or joint) and auditors. */
@ApiTags('statistics')
@ApiSignedIn()
@Controller('statistics')
export class StatisticsController {
  constructor(
    private readonly services: Services,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
  ) {}

  @Get('cross-region')
  @ApiOperation({
    summary: 'Cross-region sharing of a year: hours, services and income by provider region × user region × month × category, '
      + 'and each region’s totals as provider, as user and across the border (a service between two regions counts for both)',
  })
  @ApiOkResponse({ type: CrossRegionStatisticsView })
  @ApiErrors(400, 403)
  crossRegion(@CurrentActor() actor: Actor, @Query() data: CrossRegionQuery): Promise<CrossRegionStatisticsView> {
    return this.services.billing.request(BillingSubjects.crossRegion, { actor, data });
  }

  @Get('cross-region.csv')
  @ApiOperation({ summary: 'The rows of GET /statistics/cross-region as CSV (excel=1: with a byte-order mark and CRLF for Excel)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 403)
  csv(@CurrentActor() actor: Actor, @Query() data: CrossRegionCsvQuery, @Res() reply: FastifyReply): Promise<void> {
    const { excel, ...query } = data;
    return this.send(actor, query, 'csv', reply, excelFlag(excel));
  }

  @Get('cross-region.xlsx')
  @ApiOperation({ summary: 'The rows of GET /statistics/cross-region as an Excel workbook (regions and categories named in Chinese, hours and yuan as numbers, a 合计 row)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 403)
  xlsx(@CurrentActor() actor: Actor, @Query() data: CrossRegionQuery, @Res() reply: FastifyReply): Promise<void> {
    return this.send(actor, data, 'xlsx', reply);
  }

  private async send(actor: Actor, data: CrossRegionQuery, format: 'csv' | 'xlsx', reply: FastifyReply, excel = false): Promise<void> {
    const made = await this.services.billing.request(BillingSubjects.crossRegionExport, { actor, data, format }, 120000);
    await sendExportedFile(this.redis, reply, made, excel);
  }
}

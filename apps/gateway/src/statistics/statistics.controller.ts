import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type Redis from 'ioredis';
import { Actor, BillingSubjects, CrossRegionQuery, CrossRegionStatisticsView } from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { GATEWAY_REDIS } from '../auth/login-rate-limiter';
import { ApiError } from '../http/api-error';
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
  @ApiOperation({ summary: 'The rows of GET /statistics/cross-region as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 403)
  csv(@CurrentActor() actor: Actor, @Query() data: CrossRegionQuery, @Res() reply: FastifyReply): Promise<void> {
    return this.send(actor, data, 'csv', reply);
  }

  @Get('cross-region.xlsx')
  @ApiOperation({ summary: 'The rows of GET /statistics/cross-region as an Excel workbook' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  @ApiErrors(400, 403)
  xlsx(@CurrentActor() actor: Actor, @Query() data: CrossRegionQuery, @Res() reply: FastifyReply): Promise<void> {
    return this.send(actor, data, 'xlsx', reply);
  }

  private async send(actor: Actor, data: CrossRegionQuery, format: 'csv' | 'xlsx', reply: FastifyReply): Promise<void> {
    const made = await this.services.billing.request(BillingSubjects.crossRegionExport, { actor, data, format }, 120000);
    const body = await this.redis.getBuffer(made.blobKey);
    if (!body) throw new ApiError('SERVICE_UNAVAILABLE', 'the export expired before it could be sent; ask again');
    await this.redis.del(made.blobKey);
    await reply.header('content-type', made.contentType).header('content-disposition', `attachment; filename="${made.fileName}"`).send(body);
  }
}

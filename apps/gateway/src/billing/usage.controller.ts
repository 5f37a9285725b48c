import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiOkResponse, ApiCreatedResponse } from '@nestjs/swagger';
import {
  Actor, BillingSubjects, CreateUsageDto, Page, UsageListQuery, UsageMonthlyQuery, UsageMonthView, UsageView, pageOf,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

@ApiTags('usage')
@ApiSignedIn()
@Controller('usage')
export class UsageController {
  constructor(private readonly services: Services) {}

  @Post()
  @ApiOperation({ summary: 'Record usage by hand (instrument staff); the reason is kept with the record' })
  @ApiCreatedResponse({ type: UsageView })
  @ApiErrors(400, 403, 404, 409, 422)
  create(@CurrentActor() actor: Actor, @Body() data: CreateUsageDto): Promise<UsageView> {
    return this.services.billing.request(BillingSubjects.usageCreate, { actor, data });
  }

  @Get()
  @ApiOperation({ summary: 'Usage records: check-outs, imports and manual entries, by role' })
  @ApiOkResponse({ type: pageOf(UsageView) })
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() data: UsageListQuery): Promise<Page<UsageView>> {
    return this.services.billing.request(BillingSubjects.usageList, { actor, data });
  }

  @Get('monthly')
  @ApiOperation({ summary: 'Utilisation month by month of a year: records, hours, external hours (staff: their instruments; bureau: all)' })
  @ApiOkResponse({ type: [UsageMonthView] })
  @ApiErrors(400, 403)
  monthly(@CurrentActor() actor: Actor, @Query() data: UsageMonthlyQuery): Promise<UsageMonthView[]> {
    return this.services.billing.request(BillingSubjects.usageMonthly, { actor, data });
  }
}

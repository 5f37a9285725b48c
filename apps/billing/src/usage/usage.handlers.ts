import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BillingSubjects, CreateUsageDto, UsageListQuery, UsageMonthlyQuery } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { UsageService } from './usage.service';

@Controller()
export class UsageHandlers {
  constructor(private readonly usage: UsageService) {}

  @Handles(BillingSubjects.usageCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateUsageDto) {
    return this.usage.create(actor, data);
  }

  @Handles(BillingSubjects.usageList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: UsageListQuery) {
    return this.usage.list(actor, data);
  }

  @Handles(BillingSubjects.usageMonthly)
  monthly(@Payload('actor') actor: Actor | null, @Payload('data') data: UsageMonthlyQuery) {
    return this.usage.monthly(actor, data);
  }
}

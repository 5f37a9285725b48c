import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { BillingSubjects } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { UsageGroupsService } from './usage-groups.service';

/** What the subsidy service reads of billing: a year's usage groups, and the records behind an instrument's figures. */
@Controller()
export class UsageGroupsHandlers {
  constructor(private readonly groups: UsageGroupsService) {}

  @Handles(BillingSubjects.usageGroups)
  usageGroups(@Payload('year') year: number, @Payload('listKey') listKey: string) {
    return this.groups.groupsToList(Number(year), String(listKey ?? ''));
  }

  @Handles(BillingSubjects.usageRecordsOf)
  usageRecords(@Payload('year') year: number, @Payload('instrumentId') instrumentId: string) {
    return this.groups.records(Number(year), instrumentId);
  }
}

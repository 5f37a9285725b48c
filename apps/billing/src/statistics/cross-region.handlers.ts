import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BillingSubjects, CrossRegionQuery } from '@yixiang/contracts';
import { fail, Handles } from '@yixiang/common';
import { CrossRegionService } from './cross-region.service';
import { said } from '@yixiang/domain';

@Controller()
export class CrossRegionHandlers {
  constructor(private readonly statistics: CrossRegionService) {}

  @Handles(BillingSubjects.crossRegion)
  crossRegion(@Payload('actor') actor: Actor | null, @Payload('data') data: CrossRegionQuery) {
    return this.statistics.statistics(actor, data);
  }

  @Handles(BillingSubjects.crossRegionExport)
  export(@Payload('actor') actor: Actor | null, @Payload('data') data: CrossRegionQuery, @Payload('format') format: string) {
    if (format !== 'csv' && format !== 'xlsx') fail('NOT_FOUND', said(`不支持格式 ${String(format).slice(0, 20)}，请用 csv 或 xlsx`, `no format ${String(format).slice(0, 20)}; use csv or xlsx`));
    return this.statistics.export(actor, data, format);
  }
}

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BILLING_EXPORTS, BillingExport, BillingSubjects } from '@yixiang/contracts';
import { fail, Handles } from '@yixiang/common';
import { ExportsService } from './exports.service';
import { said } from '@yixiang/domain';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Billing exports (CSV or XLSX), left in Redis for the gateway to send. */
@Controller()
export class ExportsHandlers {
  constructor(private readonly exportsService: ExportsService) {}

  @Handles(BillingSubjects.exportCsv)
  export(@Payload('actor') actor: Actor | null, @Payload('kind') kind: string, @Payload('format') format: string, @Payload('period') period?: string) {
    if (!(BILLING_EXPORTS as readonly string[]).includes(kind)) fail('NOT_FOUND', said(`没有名为 ${kind} 的导出`, `no export ${kind}`));
    if (format !== 'csv' && format !== 'xlsx') fail('NOT_FOUND', said(`不支持格式 ${format}，请用 csv 或 xlsx`, `no format ${format}; use csv or xlsx`));
    if (period !== undefined && period !== null && !PERIOD.test(period)) {
      fail('VALIDATION_FAILED', said('月份必须是 YYYY-MM 格式', 'period must be YYYY-MM'), { fields: [{ field: 'period', reason: said('月份必须是 YYYY-MM 格式', 'must be YYYY-MM') }] });
    }
    return this.exportsService.export(actor, kind as BillingExport, format, period ?? undefined);
  }
}

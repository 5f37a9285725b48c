import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BillingSubjects, NationalExportQuery, NationalReportQuery } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { NationalReportService } from './national.service';

/** Reporting to the national platform (issue 20): the validation report and the export of the same records. */
@Controller()
export class NationalReportHandlers {
  constructor(private readonly reports: NationalReportService) {}

  @Handles(BillingSubjects.nationalValidate)
  validate(@Payload('actor') actor: Actor | null, @Payload('data') data: NationalReportQuery) {
    return this.reports.validate(actor, data);
  }

  @Handles(BillingSubjects.nationalExport)
  export(@Payload('actor') actor: Actor | null, @Payload('data') data: NationalExportQuery) {
    return this.reports.export(actor, data);
  }
}

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BillingSubjects } from '@yixiang/contracts';
import { fail, Handles } from '@yixiang/common';
import { BillingImportService } from './billing-import.service';
import { said } from '@yixiang/domain';

/** Billing's part of a bundle import the catalogue drives (staged files), and the retired subjects. */
@Controller()
export class ImportsHandlers {
  constructor(private readonly imports: BillingImportService) {}

  @Handles(BillingSubjects.importCheck, BillingSubjects.importApply)
  retiredImport(): never {
    fail('SERVICE_UNAVAILABLE', said('目录服务的版本比计费服务旧，请先升级目录服务', 'this catalogue is older than the billing service: billing reads staged files now (billing.import.check-staged); update the catalogue'));
  }

  @Handles(BillingSubjects.importCheckStaged)
  checkImport(@Payload('actor') actor: Actor | null, @Payload('blobKey') blobKey: string, @Payload('files') files: unknown) {
    return this.imports.check(actor, blobKey, files);
  }

  @Handles(BillingSubjects.importApplyStaged)
  applyImport(@Payload('actor') actor: Actor | null, @Payload('blobKey') blobKey: string, @Payload('files') files: unknown) {
    return this.imports.apply(actor, blobKey, files);
  }
}

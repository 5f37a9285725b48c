import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  Actor, ApproveVoucherApplicationDto, BillingSubjects, CreateVoucherApplicationDto, CreateVoucherProgrammeDto, RejectVoucherApplicationDto,
  VoucherApplicationQuery, VoucherProgrammeQuery,
} from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { VoucherApplicationsService } from './voucher-applications.service';
import { VoucherProgrammesService } from './voucher-programmes.service';

/** Voucher programmes and the applications to them. */
@Controller()
export class VoucherProgrammesHandlers {
  constructor(
    private readonly programmes: VoucherProgrammesService,
    private readonly applications: VoucherApplicationsService,
  ) {}

  @Handles(BillingSubjects.voucherProgrammeCreate)
  createProgramme(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateVoucherProgrammeDto) {
    return this.programmes.create(actor, data);
  }

  @Handles(BillingSubjects.voucherProgrammeList)
  listProgrammes(@Payload('actor') actor: Actor | null, @Payload('data') data: VoucherProgrammeQuery) {
    return this.programmes.list(actor, data);
  }

  @Handles(BillingSubjects.voucherProgrammeGet)
  getProgramme(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.programmes.get(actor, id);
  }

  @Handles(BillingSubjects.voucherApplicationCreate)
  createApplication(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateVoucherApplicationDto) {
    return this.applications.create(actor, data);
  }

  @Handles(BillingSubjects.voucherApplicationList)
  listApplications(@Payload('actor') actor: Actor | null, @Payload('data') data: VoucherApplicationQuery) {
    return this.applications.list(actor, data);
  }

  @Handles(BillingSubjects.voucherApplicationGet)
  getApplication(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.applications.get(actor, id);
  }

  @Handles(BillingSubjects.voucherApplicationApprove)
  approve(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: ApproveVoucherApplicationDto) {
    return this.applications.approve(actor, id, data);
  }

  @Handles(BillingSubjects.voucherApplicationReject)
  reject(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: RejectVoucherApplicationDto) {
    return this.applications.reject(actor, id, data);
  }
}

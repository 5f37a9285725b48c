import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BillingSubjects, CreateVoucherDto, PageQuery } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { VouchersService } from './vouchers.service';

/** Vouchers: issued and listed. */
@Controller()
export class VouchersHandlers {
  constructor(private readonly vouchers: VouchersService) {}

  @Handles(BillingSubjects.voucherCreate)
  createVoucher(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateVoucherDto) {
    return this.vouchers.create(actor, data);
  }

  @Handles(BillingSubjects.voucherList)
  listVouchers(@Payload('actor') actor: Actor | null, @Payload('data') data: PageQuery) {
    return this.vouchers.list(actor, data);
  }
}

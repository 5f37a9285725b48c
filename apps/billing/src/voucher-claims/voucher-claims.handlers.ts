import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BillingSubjects, ClaimableQuery, CreateVoucherClaimDto, PayVoucherClaimDto, RejectVoucherClaimDto, VoucherClaimListQuery } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { VoucherClaimsService } from './voucher-claims.service';

/** Reimbursement claims of programme vouchers and the programmes' ledger. */
@Controller()
export class VoucherClaimsHandlers {
  constructor(private readonly claims: VoucherClaimsService) {}

  @Handles(BillingSubjects.voucherClaimCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateVoucherClaimDto) {
    return this.claims.create(actor, data);
  }

  @Handles(BillingSubjects.voucherClaimList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: VoucherClaimListQuery) {
    return this.claims.list(actor, data);
  }

  @Handles(BillingSubjects.voucherClaimClaimable)
  claimable(@Payload('actor') actor: Actor | null, @Payload('data') data: ClaimableQuery) {
    return this.claims.claimable(actor, data);
  }

  @Handles(BillingSubjects.voucherClaimGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.claims.get(actor, id);
  }

  @Handles(BillingSubjects.voucherClaimApprove)
  approve(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.claims.transition(actor, id, 'approve');
  }

  @Handles(BillingSubjects.voucherClaimReject)
  reject(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: RejectVoucherClaimDto) {
    return this.claims.transition(actor, id, 'reject', { reason: data.reason });
  }

  @Handles(BillingSubjects.voucherClaimPay)
  pay(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: PayVoucherClaimDto) {
    return this.claims.transition(actor, id, 'pay', { reference: data.reference });
  }

  @Handles(BillingSubjects.voucherProgrammeLedger)
  ledger(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.claims.ledger(actor, id);
  }

  @Handles(BillingSubjects.voucherProgrammeLedgerExport)
  ledgerExport(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('format') format: string) {
    return this.claims.ledgerExport(actor, id, format);
  }
}

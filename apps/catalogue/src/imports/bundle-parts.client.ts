import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { Actor, BillingImportCheckReply, BillingImportCounts, BillingImportRequest, BillingSubjects, PolicyImportCheckReply, PolicyImportCounts, SubsidySubjects } from '@yixiang/contracts';
import { NATS_CLIENT, relay, ServiceClient } from '@yixiang/common';

/** Checking or writing a million usage rows takes longer than an ordinary request may. */
const IMPORT_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * The parts of a bundle import the catalogue's import job drives in other services: billing's
 * files (vouchers, usage, feedback) and the subsidy service's policy.json.
 */
@Injectable()
export class BundlePartsClient {
  private readonly billing: ServiceClient;
  private readonly subsidy: ServiceClient;

  constructor(@Inject(NATS_CLIENT) proxy: ClientProxy) {
    this.billing = new ServiceClient(proxy, 'billing', IMPORT_TIMEOUT_MS);
    this.subsidy = new ServiceClient(proxy, 'subsidy', 30000);
  }

  /** Billing's files are staged in Redis first (ImportKeys); its bad cells come back there too. */
  check(request: BillingImportRequest): Promise<BillingImportCheckReply> {
    return relay(this.billing, BillingSubjects.importCheckStaged, request);
  }

  apply(request: BillingImportRequest): Promise<BillingImportCounts> {
    return relay(this.billing, BillingSubjects.importApplyStaged, request);
  }

  /** policy.json goes to the subsidy service (small enough to travel in the message). */
  checkPolicy(actor: Actor, text: string): Promise<PolicyImportCheckReply> {
    return relay(this.subsidy, SubsidySubjects.policyImportCheck, { actor, text });
  }

  importPolicy(actor: Actor, text: string): Promise<PolicyImportCounts> {
    return relay(this.subsidy, SubsidySubjects.policyImport, { actor, text });
  }
}

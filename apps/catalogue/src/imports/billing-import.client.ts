import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { Actor, BillingImportCheckReply, BillingImportRequest, BillingSubjects, SubsidySubjects } from '@yixiang/contracts';
import { CellError, relay, ServiceClient } from '@yixiang/common';

/** Re-exported for this service's importers; defined once in libs/common. */
export { NATS_CLIENT } from '@yixiang/common';
import { NATS_CLIENT } from '@yixiang/common';
/** Checking or writing a million usage rows takes longer than an ordinary request may. */
const IMPORT_TIMEOUT_MS = 10 * 60 * 1000;

/** The billing and subsidy services' parts of a bundle import, which the catalogue's import job drives. */
@Injectable()
export class BillingImportClient {
  private readonly client: ServiceClient;
  private readonly subsidy: ServiceClient;

  constructor(@Inject(NATS_CLIENT) proxy: ClientProxy) {
    this.client = new ServiceClient(proxy, 'billing', IMPORT_TIMEOUT_MS);
    this.subsidy = new ServiceClient(proxy, 'subsidy', 30000);
  }

  /** Billing's files are staged in Redis first (ImportKeys); its bad cells come back there too. */
  check(request: BillingImportRequest): Promise<BillingImportCheckReply> {
    return relay(this.client, BillingSubjects.importCheckStaged, request);
  }

  apply(request: BillingImportRequest): Promise<Record<string, { inserted: number; updated: number }>> {
    return relay(this.client, BillingSubjects.importApplyStaged, request);
  }

  /** policy.json goes to the subsidy service (small enough to travel in the message). */
  checkPolicy(actor: Actor, text: string): Promise<{ errors: CellError[] }> {
    return relay(this.subsidy, SubsidySubjects.policyImportCheck, { actor, text });
  }

  importPolicy(actor: Actor, text: string): Promise<{ inserted: number; updated: number; unchanged: number }> {
    return relay(this.subsidy, SubsidySubjects.policyImport, { actor, text });
  }
}

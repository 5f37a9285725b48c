import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { Actor, BillingSubjects } from '@yixiang/contracts';
import { CellError, relay, ServiceClient } from '@yixiang/common';

export const NATS_CLIENT = 'NATS_CLIENT';
/** Checking or writing a million usage rows takes longer than an ordinary request may. */
const IMPORT_TIMEOUT_MS = 10 * 60 * 1000;

/** The billing service's part of a bundle import, which the catalogue's import job drives. */
@Injectable()
export class BillingImportClient {
  private readonly client: ServiceClient;

  constructor(@Inject(NATS_CLIENT) proxy: ClientProxy) {
    this.client = new ServiceClient(proxy, 'billing', IMPORT_TIMEOUT_MS);
  }

  check(actor: Actor, blobKey: string): Promise<{ errors: CellError[] }> {
    return relay(this.client, BillingSubjects.importCheck, { actor, blobKey });
  }

  apply(actor: Actor, blobKey: string): Promise<Record<string, { inserted: number; updated: number }>> {
    return relay(this.client, BillingSubjects.importApply, { actor, blobKey });
  }
}

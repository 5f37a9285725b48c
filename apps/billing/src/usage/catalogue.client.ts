import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { BookingContext, CatalogueSubjects, UserAffiliation } from '@yixiang/contracts';
import { relay, ServiceClient } from '@yixiang/common';
import { BillingConfig } from '../config';

import { NATS_CLIENT } from '@yixiang/common';

/** What billing asks the catalogue: who owns an instrument, where a user works. */
@Injectable()
export class CatalogueClient {
  private readonly client: ServiceClient;

  constructor(@Inject(NATS_CLIENT) proxy: ClientProxy, config: BillingConfig) {
    this.client = new ServiceClient(proxy, 'catalogue', config.NATS_TIMEOUT_MS);
  }

  instrument(ref: string): Promise<BookingContext> {
    return relay(this.client, CatalogueSubjects.instrumentBookingContext, { id: ref });
  }

  affiliation(ref: { userId?: string; email?: string }): Promise<UserAffiliation> {
    return relay(this.client, CatalogueSubjects.userAffiliation, ref);
  }
}

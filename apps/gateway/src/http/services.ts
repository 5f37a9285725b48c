import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { ServiceClient } from '@yixiang/common';
import { GatewayConfig } from '../config';

import { NATS_CLIENT } from '@yixiang/common';

/** One NATS connection; one typed client per service behind it. */
@Injectable()
export class Services {
  readonly catalogue: ServiceClient;
  readonly booking: ServiceClient;
  readonly billing: ServiceClient;
  readonly subsidy: ServiceClient;
  readonly notification: ServiceClient;

  constructor(@Inject(NATS_CLIENT) client: ClientProxy, config: GatewayConfig) {
    this.catalogue = new ServiceClient(client, 'catalogue', config.NATS_TIMEOUT_MS);
    this.booking = new ServiceClient(client, 'booking', config.NATS_TIMEOUT_MS);
    this.billing = new ServiceClient(client, 'billing', config.NATS_TIMEOUT_MS);
    this.subsidy = new ServiceClient(client, 'subsidy', config.NATS_TIMEOUT_MS);
    this.notification = new ServiceClient(client, 'notification', config.NATS_TIMEOUT_MS);
  }

  /** Every service the health check asks, by name. */
  all(): Record<string, ServiceClient> {
    return { catalogue: this.catalogue, booking: this.booking, billing: this.billing, subsidy: this.subsidy, notification: this.notification };
  }
}

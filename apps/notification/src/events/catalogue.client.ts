import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { Actor, BookingContext, CatalogueSubjects } from '@yixiang/contracts';
import { NATS_CLIENT, relay, ServiceClient } from '@yixiang/common';
import type { Contact } from '@yixiang/domain';
import { NotificationConfig } from '../config';

/** What the notification service asks the catalogue: whom to write to, and an instrument's name and owner. */
@Injectable()
export class CatalogueClient {
  private readonly client: ServiceClient;

  constructor(@Inject(NATS_CLIENT) proxy: ClientProxy, config: NotificationConfig) {
    this.client = new ServiceClient(proxy, 'catalogue', config.NATS_TIMEOUT_MS);
  }

  users(userIds: string[]): Promise<Contact[]> {
    return relay(this.client, CatalogueSubjects.userContacts, { userIds });
  }

  staffOf(institutionId: string): Promise<Contact[]> {
    return relay(this.client, CatalogueSubjects.userContacts, { institutionId });
  }

  /** Whether an institution exists (a 404 otherwise), as the actor may see it. */
  async institution(actor: Actor, id: string): Promise<void> {
    await relay(this.client, CatalogueSubjects.institutionGet, { actor, id });
  }

  instrument(id: string): Promise<BookingContext> {
    return relay(this.client, CatalogueSubjects.instrumentBookingContext, { id });
  }
}

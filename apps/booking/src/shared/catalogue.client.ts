import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { Actor, BookingContext, CatalogueSubjects, InstrumentSearchQuery } from '@yixiang/contracts';
import { fail, ServiceCallError, ServiceClient } from '@yixiang/common';
import { BookingConfig } from '../config';

export const NATS_CLIENT = 'NATS_CLIENT';

/** The booking service's questions to the catalogue (see the catalogue's BookingContextService for why it asks). */
@Injectable()
export class CatalogueClient {
  private readonly client: ServiceClient;

  constructor(@Inject(NATS_CLIENT) proxy: ClientProxy, config: BookingConfig) {
    this.client = new ServiceClient(proxy, 'catalogue', config.NATS_TIMEOUT_MS);
  }

  context(instrument: string): Promise<BookingContext> {
    return this.call(CatalogueSubjects.instrumentBookingContext, { id: instrument });
  }

  candidates(actor: Actor, query: InstrumentSearchQuery, limit: number): Promise<BookingContext[]> {
    return this.call(CatalogueSubjects.instrumentBookingCandidates, { actor, data: query, limit });
  }

  qualified(userId: string, instrumentId: string, at: Date): Promise<{ qualified: boolean; validTo: string | null }> {
    return this.call(CatalogueSubjects.qualificationCheck, { userId, instrumentId, at: at.toISOString() });
  }

  /** The catalogue's error (404 for an unknown instrument, 503 when it is down) becomes ours. */
  private async call<R>(subject: string, payload: unknown): Promise<R> {
    try {
      return await this.client.request<R>(subject, payload);
    } catch (error) {
      if (error instanceof ServiceCallError) fail(error.body.code, error.body.message, error.body.details);
      throw error;
    }
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { RequestContext } from '@mikro-orm/core';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { connect, ConsumerMessages, NatsConnection } from 'nats';
import { Events } from '@yixiang/contracts';
import { consumeEvents, ensureEventConsumer, ensureEventsStream, natsConnectionOptions, withCorrelation } from '@yixiang/common';
import { BookingConfig } from '../config';
import { FundHoldsService } from './fund-holds.service';

export const CHARGES_CONSUMER = 'booking-fund-account-charges';

/**
 * Billing's charges of bookings paid from fund accounts (billing.charge.settled), from JetStream:
 * one durable pull consumer shared by every booking replica. An event is acknowledged after it was
 * applied; redelivered, it is recognised by its id and applied once.
 */
@Injectable()
export class ChargesConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChargesConsumer.name);
  private nats: NatsConnection | null = null;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly holds: FundHoldsService,
    private readonly config: BookingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nats = await connect(natsConnectionOptions(this.config.NATS_URL, `booking-charges-${process.pid}`));
    const jsm = await this.nats.jetstreamManager();
    await ensureEventsStream(jsm, this.config.JETSTREAM_REPLICAS);
    await ensureEventConsumer(jsm, Events.chargeSettled, CHARGES_CONSUMER, this.nats.info?.version ?? '0.0.0');
    const consumer = await this.nats.jetstream().consumers.get(Events.chargeSettled.stream, CHARGES_CONSUMER);
    this.messages = await consumer.consume({ max_messages: 100 });
    this.loop = consumeEvents(this.messages, Events.chargeSettled, {
      handle: async (event, m) => {
        const outcome = await withCorrelation(m.headers?.get('x-correlation-id') || undefined, () => RequestContext.create(this.em, () => this.holds.settle(event)));
        if (outcome !== 'applied') this.logger.log(`charge of booking ${event.bookingId} ${outcome}`);
      },
      invalid: (m, problem) => this.logger.error(`charge event ${m.seq} (${m.subject}) is invalid and was terminated: ${problem}`),
      failed: (m, error) => this.logger.error(`charge event ${m.seq} not applied, will be redelivered: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
    await this.nats?.drain();
  }
}

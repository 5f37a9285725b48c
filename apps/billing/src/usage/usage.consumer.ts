import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AckPolicy, connect, ConsumerMessages, DeliverPolicy, NatsConnection } from 'nats';
import { EventSubjects, EVENTS_STREAM, UsageRecordedEvent } from '@yixiang/contracts';
import { ensureEventsStream, natsConnectionOptions, withCorrelation } from '@yixiang/common';
import { RequestContext } from '@mikro-orm/core';
import { BillingConfig } from '../config';
import { UsageService } from './usage.service';

export const USAGE_CONSUMER = 'billing-usage';

/**
 * Check-outs arrive from the booking service's outbox on JetStream. One durable pull consumer is
 * shared by every billing replica (each event goes to one of them); an event is acknowledged only
 * after its record is stored, so a crash means redelivery, and redelivery is harmless because the
 * record is keyed by its booking.
 */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UsageConsumer.name);
  private nats: NatsConnection | null = null;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  counts = { recorded: 0, duplicate: 0, held: 0, failed: 0 };

  constructor(
    private readonly em: EntityManager,
    private readonly usage: UsageService,
    private readonly config: BillingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nats = await connect(natsConnectionOptions(this.config.NATS_URL, `billing-usage-${process.pid}`));
    const jsm = await this.nats.jetstreamManager();
    await ensureEventsStream(jsm, this.config.JETSTREAM_REPLICAS);
    try {
      await jsm.consumers.info(EVENTS_STREAM, USAGE_CONSUMER);
    } catch {
      await jsm.consumers.add(EVENTS_STREAM, {
        durable_name: USAGE_CONSUMER, filter_subject: EventSubjects.usageRecorded, ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All, ack_wait: 30 * 1e9, max_deliver: -1,
      }).catch((error) => {
        if (!/already exists|in use/i.test(String(error))) throw error;
      });
    }
    const consumer = await this.nats.jetstream().consumers.get(EVENTS_STREAM, USAGE_CONSUMER);
    this.messages = await consumer.consume({ max_messages: 100 });
    this.loop = this.run(this.messages);
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      try {
        const event = m.json<UsageRecordedEvent>();
        const outcome = await withCorrelation(m.headers?.get('x-correlation-id') || undefined, () =>
          RequestContext.create(this.em, () => this.usage.recordCheckOut(event)));
        this.counts[outcome]++;
        m.ack();
      } catch (error) {
        this.counts.failed++;
        this.logger.error(`usage event ${m.seq} not stored, will be redelivered: ${error instanceof Error ? error.message : String(error)}`);
        m.nak(5000);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
    await this.nats?.drain();
  }
}

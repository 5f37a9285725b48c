import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { connect, ConsumerMessages, NatsConnection } from 'nats';
import { Events } from '@yixiang/contracts';
import { consumeEvents, ensureEventConsumer, ensureEventsStream, natsConnectionOptions, withCorrelation } from '@yixiang/common';
import { RequestContext } from '@mikro-orm/core';
import { BillingConfig } from '../config';
import { UsageService } from './usage.service';

export const USAGE_CONSUMER = 'billing-usage';

/**
 * Check-outs arrive from the booking service's outbox on JetStream. One durable pull consumer is
 * shared by every billing replica (each event goes to one of them); an event is acknowledged only
 * after its record is stored, so a crash means redelivery, and redelivery is harmless because the
 * record is keyed by its booking. An event that fails UsageRecordedEvent's validation is logged
 * with its stream sequence and terminated: it is never stored, and never blocks the ones behind it.
 */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(UsageConsumer.name);
  private nats: NatsConnection | null = null;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  counts = { recorded: 0, duplicate: 0, held: 0, failed: 0, invalid: 0 };

  constructor(
    private readonly em: EntityManager,
    private readonly usage: UsageService,
    private readonly config: BillingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nats = await connect(natsConnectionOptions(this.config.NATS_URL, `billing-usage-${process.pid}`));
    const jsm = await this.nats.jetstreamManager();
    await ensureEventsStream(jsm, this.config.JETSTREAM_REPLICAS);
    await ensureEventConsumer(jsm, Events.usageRecorded, USAGE_CONSUMER, this.nats.info?.version ?? '0.0.0');
    const consumer = await this.nats.jetstream().consumers.get(Events.usageRecorded.stream, USAGE_CONSUMER);
    this.messages = await consumer.consume({ max_messages: 100 });
    this.loop = consumeEvents(this.messages, Events.usageRecorded, {
      handle: async (event, m) => {
        const outcome = await withCorrelation(m.headers?.get('x-correlation-id') || undefined, () =>
          RequestContext.create(this.em, () => this.usage.recordCheckOut(event)));
        this.counts[outcome]++;
      },
      invalid: (m, problem) => {
        this.counts.invalid++;
        this.logger.error(`usage event ${m.seq} (${m.subject}) is invalid and was terminated, not stored: ${problem}`);
      },
      failed: (m, error) => {
        this.counts.failed++;
        this.logger.error(`usage event ${m.seq} not stored, will be redelivered: ${error instanceof Error ? error.message : String(error)}`);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
    await this.nats?.drain();
  }
}

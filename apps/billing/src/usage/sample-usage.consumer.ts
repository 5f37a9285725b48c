import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { connect, ConsumerMessages, NatsConnection } from 'nats';
import { Events } from '@yixiang/contracts';
import { consumeEvents, ensureEventConsumer, ensureEventsStream, natsConnectionOptions, withCorrelation } from '@yixiang/common';
import { RequestContext } from '@mikro-orm/core';
import { BillingConfig } from '../config';
import { UsageService } from './usage.service';

export const SAMPLE_USAGE_CONSUMER = 'billing-sample-usage';

/**
 * Completed sample orders arrive from the booking service's outbox on JetStream, as check-outs do
 * (UsageConsumer): one durable pull consumer shared by every billing replica, acknowledged after the
 * record is stored, harmless when redelivered (the record is keyed by its order).
 */
@Injectable()
export class SampleUsageConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SampleUsageConsumer.name);
  private nats: NatsConnection | null = null;
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  counts = { recorded: 0, duplicate: 0, failed: 0, invalid: 0 };

  constructor(
    private readonly em: EntityManager,
    private readonly usage: UsageService,
    private readonly config: BillingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nats = await connect(natsConnectionOptions(this.config.NATS_URL, `billing-sample-usage-${process.pid}`));
    const jsm = await this.nats.jetstreamManager();
    await ensureEventsStream(jsm, this.config.JETSTREAM_REPLICAS);
    await ensureEventConsumer(jsm, Events.sampleOrderCompleted, SAMPLE_USAGE_CONSUMER, this.nats.info?.version ?? '0.0.0');
    const consumer = await this.nats.jetstream().consumers.get(Events.sampleOrderCompleted.stream, SAMPLE_USAGE_CONSUMER);
    this.messages = await consumer.consume({ max_messages: 100 });
    this.loop = consumeEvents(this.messages, Events.sampleOrderCompleted, {
      handle: async (event, m) => {
        const outcome = await withCorrelation(m.headers?.get('x-correlation-id') || undefined, () =>
          RequestContext.create(this.em, () => this.usage.recordSampleOrder(event)));
        this.counts[outcome]++;
      },
      invalid: (m, problem) => {
        this.counts.invalid++;
        this.logger.error(`sample order event ${m.seq} (${m.subject}) is invalid and was terminated, not stored: ${problem}`);
      },
      failed: (m, error) => {
        this.counts.failed++;
        this.logger.error(`sample order event ${m.seq} not stored, will be redelivered: ${error instanceof Error ? error.message : String(error)}`);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
    await this.nats?.drain();
  }
}

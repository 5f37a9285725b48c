import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { connect, ConsumerMessages, NatsConnection } from 'nats';
import { consumeEvents, ensureEventConsumer, ensureEventsStream, natsConnectionOptions, withCorrelation } from '@yixiang/common';
import { NotificationConfig } from '../config';
import { DispatchService } from './dispatch.service';
import { CONSUMED_EVENTS } from './notifiable-events';

/**
 * The booking events arrive from the booking service's outbox on JetStream: one durable pull
 * consumer per event, shared by every notification replica (each event goes to one of them). An
 * event is acknowledged only after its notifications and deliveries are stored and enqueued, so a
 * crash means redelivery, and redelivery is harmless: the event's id is the key of what it made.
 * An event failing its payload class's validation is logged and terminated, never notified.
 */
@Injectable()
export class NotificationConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationConsumer.name);
  private nats: NatsConnection | null = null;
  private readonly streams: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];
  counts = { applied: 0, duplicate: 0, failed: 0, invalid: 0 };

  constructor(
    private readonly dispatch: DispatchService,
    private readonly config: NotificationConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nats = await connect(natsConnectionOptions(this.config.NATS_URL, `notification-events-${process.pid}`));
    const jsm = await this.nats.jetstreamManager();
    await ensureEventsStream(jsm, this.config.JETSTREAM_REPLICAS);
    const version = this.nats.info?.version ?? '0.0.0';
    for (const c of CONSUMED_EVENTS) {
      await ensureEventConsumer(jsm, c.event, c.durable, version);
      const consumer = await this.nats.jetstream().consumers.get(c.event.stream, c.durable);
      const messages = await consumer.consume({ max_messages: 50 });
      this.streams.push(messages);
      this.loops.push(consumeEvents(messages, c.event, {
        handle: async (payload, m) => {
          const outcome = await withCorrelation(m.headers?.get('x-correlation-id') || undefined, () => this.dispatch.dispatch(c.read(payload), payload));
          this.counts[outcome]++;
        },
        invalid: (m, problem) => {
          this.counts.invalid++;
          this.logger.error(`event ${m.seq} (${m.subject}) is invalid and was terminated, not notified: ${problem}`);
        },
        failed: (m, error) => {
          this.counts.failed++;
          this.logger.error(`event ${m.seq} (${m.subject}) not applied, will be redelivered: ${error instanceof Error ? error.message : String(error)}`);
        },
      }));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const s of this.streams) s.stop();
    await Promise.all(this.loops.map((l) => l.catch(() => undefined)));
    await this.nats?.drain();
  }
}

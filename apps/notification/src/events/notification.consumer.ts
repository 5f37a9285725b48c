import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { connect, ConsumerMessages, NatsConnection } from 'nats';
import { consumeEvents, ensureEventConsumer, ensureEventsStream, natsConnectionOptions, withCorrelation } from '@yixiang/common';
import { Events } from '@yixiang/contracts';
import { NotificationConfig } from '../config';
import { DispatchService } from './dispatch.service';
import { CONSUMED_EVENTS } from './notifiable-events';

/** The durable consumer of usage records for institutions' webhooks (billing's is another: each gets every record). */
export const USAGE_WEBHOOK_CONSUMER = 'notification-usage-webhooks';

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
    // Usage records (check-outs) go to institutions' webhooks only; billing dedupes them by booking, and so does this.
    await ensureEventConsumer(jsm, Events.usageRecorded, USAGE_WEBHOOK_CONSUMER, version);
    const usage = await this.nats.jetstream().consumers.get(Events.usageRecorded.stream, USAGE_WEBHOOK_CONSUMER);
    const usageMessages = await usage.consume({ max_messages: 50 });
    this.streams.push(usageMessages);
    this.loops.push(consumeEvents(usageMessages, Events.usageRecorded, {
      handle: async (payload, m) => {
        const outcome = await withCorrelation(m.headers?.get('x-correlation-id') || undefined, () => this.dispatch.forward({
          eventId: `usage:${payload.bookingId ?? payload.terminalSessionId}`, subject: Events.usageRecorded.subject, occurredAt: payload.end,
          institutionIds: [payload.providerInstitutionId, payload.userInstitutionId],
        }, payload));
        this.counts[outcome]++;
      },
      invalid: (m, problem) => {
        this.counts.invalid++;
        this.logger.error(`usage event ${m.seq} is invalid and was terminated, not forwarded: ${problem}`);
      },
      failed: (m, error) => {
        this.counts.failed++;
        this.logger.error(`usage event ${m.seq} not forwarded, will be redelivered: ${error instanceof Error ? error.message : String(error)}`);
      },
    }));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const s of this.streams) s.stop();
    await Promise.all(this.loops.map((l) => l.catch(() => undefined)));
    await this.nats?.drain();
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { connect, JetStreamClient, NatsConnection } from 'nats';
import { eventOfSubject } from '@yixiang/contracts';
import { ensureEventsStream, natsConnectionOptions } from '@yixiang/common';
import { BookingConfig } from '../config';

const BATCH = 100;

/**
 * The subject an outbox row goes out under: its event's current name, also for rows written under
 * the old name (before the upgrade, or by a replica not yet upgraded). A subject no event declares
 * goes out as written, so a row is never stuck.
 */
export function publishedSubject(stored: string): string {
  return eventOfSubject(stored)?.subject ?? stored;
}

/**
 * Publishes the outbox to JetStream: at least once, in commit order per replica. Rows are claimed
 * with FOR UPDATE SKIP LOCKED so replicas share the work, and each message carries its outbox id
 * as the JetStream message id, so a publish repeated after a crash (published, not yet marked) is
 * dropped by the stream's duplicate window; consumers still dedupe by the event's own key.
 */
@Injectable()
export class OutboxPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxPublisher.name);
  private nats: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  published = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly config: BookingConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.nats = await connect(natsConnectionOptions(this.config.NATS_URL, `booking-outbox-${process.pid}`));
    const jsm = await this.nats.jetstreamManager();
    await ensureEventsStream(jsm, this.config.JETSTREAM_REPLICAS);
    this.js = this.nats.jetstream();
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.drain().catch((error) => this.logger.warn(`outbox: ${error instanceof Error ? error.message : String(error)}`)).finally(() => (this.running = null));
    }, this.config.OUTBOX_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.nats?.drain();
  }

  /** Publishes batches until the outbox is empty. */
  async drain(): Promise<void> {
    for (;;) {
      const sent = await this.em.fork().transactional(async (em) => {
        const rows = await em.execute<{ id: string; subject: string; payload: unknown }[]>(
          `select id, subject, payload from booking.outbox where published_at is null order by created_at limit ${BATCH} for update skip locked`);
        for (const row of rows) {
          await (this.js as JetStreamClient).publish(publishedSubject(row.subject), JSON.stringify(row.payload), { msgID: row.id });
        }
        if (rows.length) await em.execute(`update booking.outbox set published_at = now() where id = any(?::uuid[])`, [`{${rows.map((r) => r.id).join(',')}}`]);
        return rows.length;
      });
      this.published += sent;
      if (sent < BATCH) return;
    }
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { connect, JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { ensureEventsStream } from '../messaging/events/stream';
import { natsConnectionOptions } from '../messaging/nats-options';
import { OUTBOX_OPTIONS, type OutboxOptions } from './outbox.options';
import { outboxTable, publishedSubject } from './outbox.writer';

const BATCH = 100;

/**
 * Publishes a service's outbox to JetStream: at least once, in commit order per replica. Rows are
 * claimed with FOR UPDATE SKIP LOCKED so replicas share the work, and each message carries its
 * outbox id as the JetStream message id, so a publish repeated after a crash (published, not yet
 * marked) is dropped by the stream's duplicate window; consumers still dedupe by the event's own key.
 */
@Injectable()
export class OutboxPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxPublisher.name);
  private readonly table: string;
  private nats: NatsConnection | null = null;
  private js: JetStreamClient | null = null;
  private jsm: JetStreamManager | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  published = 0;

  constructor(
    private readonly em: EntityManager,
    @Inject(OUTBOX_OPTIONS) private readonly options: OutboxOptions,
  ) {
    this.table = outboxTable(options.schema);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { config } = this.options;
    this.nats = await connect(natsConnectionOptions(config.NATS_URL, `${this.options.schema}-outbox-${process.pid}`));
    this.jsm = await this.nats.jetstreamManager();
    await ensureEventsStream(this.jsm, config.JETSTREAM_REPLICAS);
    this.js = this.nats.jetstream();
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.drain().catch((error) => this.failed(error)).finally(() => (this.running = null));
    }, config.OUTBOX_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.nats?.drain();
  }

  /**
   * A publish failed (NATS away, or no stream takes the subject): the rows stay and go next time. The
   * stream's subjects are made whole again first, as two services now publish to it: a replica of
   * the other one started from an older build sets the subjects it knows, which lack this one's.
   */
  private async failed(error: unknown): Promise<void> {
    this.logger.warn(`outbox: ${error instanceof Error ? error.message : String(error)}`);
    if (this.jsm) await ensureEventsStream(this.jsm, this.options.config.JETSTREAM_REPLICAS).catch(() => undefined);
  }

  /** Publishes batches until the outbox is empty. */
  async drain(): Promise<void> {
    for (;;) {
      const sent = await this.em.fork().transactional(async (em) => {
        const rows = await em.execute<{ id: string; subject: string; payload: unknown }[]>(
          `select id, subject, payload from ${this.table} where published_at is null order by created_at limit ${BATCH} for update skip locked`);
        for (const row of rows) {
          await (this.js as JetStreamClient).publish(publishedSubject(row.subject), JSON.stringify(row.payload), { msgID: row.id });
        }
        if (rows.length) await em.execute(`update ${this.table} set published_at = now() where id = any(?::uuid[])`, [`{${rows.map((r) => r.id).join(',')}}`]);
        return rows.length;
      });
      this.published += sent;
      if (sent < BATCH) return;
    }
  }
}

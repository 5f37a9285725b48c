import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import type { JetStreamManager, NatsConnection } from 'nats';
import { EVENTS_STREAM } from '@yixiang/contracts';
import { NATS_CLIENT, ServiceMetrics } from '@yixiang/common';
import { USAGE_CONSUMER } from './usage.consumer';

/**
 * The usage consumer's lag: events on the stream that no billing replica has taken yet (check-outs;
 * on a nats-server before 2.10 the consumer takes the whole stream, so no-shows count too)
 * (num_pending), and those taken but not acknowledged (num_ack_pending). Read from the consumer's
 * info when Prometheus asks; the consumer is durable and shared, so every replica reports the same.
 */
@Injectable()
export class ConsumerLagMetrics implements OnModuleInit {
  private jsm: Promise<JetStreamManager> | null = null;

  constructor(
    @Inject(NATS_CLIENT) private readonly nats: ClientProxy,
    private readonly metrics: ServiceMetrics,
  ) {}

  onModuleInit(): void {
    const labels = { stream: EVENTS_STREAM, consumer: USAGE_CONSUMER };
    this.metrics.gauge('yixiang_jetstream_consumer_pending', 'Messages of the stream the consumer has not delivered yet (num_pending)', ['stream', 'consumer'], async () => {
      const info = await (await this.manager()).consumers.info(EVENTS_STREAM, USAGE_CONSUMER);
      return [[labels, info.num_pending]];
    });
    this.metrics.gauge('yixiang_jetstream_consumer_ack_pending', 'Messages delivered to the consumer and not yet acknowledged (num_ack_pending)', ['stream', 'consumer'], async () => {
      const info = await (await this.manager()).consumers.info(EVENTS_STREAM, USAGE_CONSUMER);
      return [[labels, info.num_ack_pending]];
    });
  }

  private manager(): Promise<JetStreamManager> {
    this.jsm ??= this.nats.connect().then(() => this.nats.unwrap<NatsConnection>().jetstreamManager());
    return this.jsm.catch((error: unknown) => {
      this.jsm = null;
      throw error;
    });
  }
}

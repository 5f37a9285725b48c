import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ServiceMetrics } from '@yixiang/common';

/**
 * The outbox backlog: events committed with their bookings but not yet on JetStream. Counted when
 * Prometheus asks (one indexed count), so a stuck publisher shows as a rising line, not a silence.
 */
@Injectable()
export class OutboxMetrics implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly metrics: ServiceMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('yixiang_outbox_backlog', 'Outbox events not yet published to JetStream', [], async () => {
      const [row] = await this.em.getConnection().execute<{ waiting: string }[]>(`select count(*) as waiting from booking.outbox where published_at is null`);
      return [[{}, Number(row.waiting)]];
    });
  }
}

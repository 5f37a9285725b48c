import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { CheckResult } from '../health/checks';
import type { ServiceHealth } from '../health/health.handlers';
import { ServiceMetrics } from '../ops/service-metrics';
import { OUTBOX_OPTIONS, type OutboxOptions } from './outbox.options';
import { outboxTable } from './outbox.writer';

/** Past this many unpublished events the backlog is reported as a problem. */
const BACKLOG_LIMIT = 10000;

/**
 * The outbox backlog: events committed with their changes but not yet on JetStream. A gauge
 * counted when Prometheus asks (one indexed count), so a stuck publisher shows as a rising line,
 * not a silence; and a part of the service's health answer, reported, never a reason to stop
 * taking requests (a service whose only own check it is provides it as its SERVICE_HEALTH).
 */
@Injectable()
export class OutboxBacklog implements OnModuleInit, ServiceHealth {
  readonly version: string;
  private readonly table: string;

  constructor(
    private readonly em: EntityManager,
    private readonly metrics: ServiceMetrics,
    @Inject(OUTBOX_OPTIONS) options: OutboxOptions,
  ) {
    this.version = options.config.SERVICE_VERSION;
    this.table = outboxTable(options.schema);
  }

  onModuleInit(): void {
    this.metrics.gauge('yixiang_outbox_backlog', 'Outbox events not yet published to JetStream', [], async () => [[{}, await this.waiting()]]);
  }

  async waiting(): Promise<number> {
    const [row] = await this.em.getConnection().execute<{ waiting: string }[]>(`select count(*) as waiting from ${this.table} where published_at is null`);
    return Number(row.waiting);
  }

  async reported(): Promise<Record<string, CheckResult>> {
    const waiting = await this.waiting().catch(() => -1);
    return { outbox: { ok: waiting >= 0 && waiting < BACKLOG_LIMIT, ...(waiting >= BACKLOG_LIMIT ? { error: `${waiting} events waiting to be published` } : {}) } };
  }
}

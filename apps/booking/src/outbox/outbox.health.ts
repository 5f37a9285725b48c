import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CheckResult, ServiceHealth } from '@yixiang/common';
import { BookingConfig } from '../config';

/** Past this many unpublished events the backlog is reported as a problem. */
const BACKLOG_LIMIT = 10000;

/** Booking's part of its health answer: the outbox backlog, reported, not a reason to stop taking bookings. */
@Injectable()
export class OutboxHealth implements ServiceHealth {
  readonly version: string;

  constructor(private readonly em: EntityManager, config: BookingConfig) {
    this.version = config.SERVICE_VERSION;
  }

  async reported(): Promise<Record<string, CheckResult>> {
    const [backlog] = await this.em.getConnection().execute<{ waiting: string }[]>(`select count(*) as waiting from booking.outbox where published_at is null`).catch(() => [{ waiting: '-1' }]);
    const waiting = Number(backlog.waiting);
    return { outbox: { ok: waiting >= 0 && waiting < BACKLOG_LIMIT, ...(waiting >= BACKLOG_LIMIT ? { error: `${waiting} events waiting to be published` } : {}) } };
  }
}

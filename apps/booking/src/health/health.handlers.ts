import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { BookingSubjects, HealthReply } from '@yixiang/contracts';
import { checkPostgres, checkSchema, Handles, healthReply } from '@yixiang/common';
import { BookingConfig } from '../config';

@Controller()
export class HealthHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly config: BookingConfig,
  ) {}

  @Handles(BookingSubjects.health)
  async check(): Promise<HealthReply> {
    const [postgres, schema] = await Promise.all([checkPostgres(this.em), checkSchema(this.em)]);
    const [backlog] = await this.em.getConnection().execute<{ waiting: string }[]>(`select count(*) as waiting from booking.outbox where published_at is null`).catch(() => [{ waiting: '-1' }]);
    const waiting = Number(backlog.waiting);
    const outbox = { ok: waiting >= 0 && waiting < 10000, ...(waiting >= 10000 ? { error: `${waiting} events waiting to be published` } : {}) };
    // A publishing backlog is reported, not a reason to stop taking bookings.
    return healthReply('booking', this.config.SERVICE_VERSION, { postgres, schema, outbox }, postgres.ok && schema.ok);
  }
}

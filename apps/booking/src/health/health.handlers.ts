import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { hostname } from 'node:os';
import { BookingSubjects, HealthReply } from '@yixiang/contracts';
import { checkPostgres } from '@yixiang/common';
import { BookingConfig } from '../config';

@Controller()
export class HealthHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly config: BookingConfig,
  ) {}

  @MessagePattern(BookingSubjects.health)
  async check(): Promise<HealthReply> {
    const postgres = await checkPostgres(this.em);
    const [outbox] = await this.em.getConnection().execute<{ waiting: string }[]>(`select count(*) as waiting from booking.outbox where published_at is null`).catch(() => [{ waiting: '-1' }]);
    const waiting = Number(outbox.waiting);
    return {
      service: 'booking', version: this.config.SERVICE_VERSION, instance: `${hostname()}:${process.pid}`, ok: postgres.ok,
      checks: { postgres, outbox: { ok: waiting >= 0 && waiting < 10000, ...(waiting >= 10000 ? { error: `${waiting} events waiting to be published` } : {}) } },
    };
  }
}

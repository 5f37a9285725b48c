import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import type Redis from 'ioredis';
import { CatalogueSubjects, HealthReply } from '@yixiang/contracts';
import { checkPostgres, checkRedis, checkSchema, Handles, healthReply } from '@yixiang/common';
import { CatalogueConfig } from '../config';
import { InjectRedis } from '../imports/redis.token';

@Controller()
export class HealthHandlers {
  constructor(
    private readonly em: EntityManager,
    @InjectRedis() private readonly redis: Redis,
    private readonly config: CatalogueConfig,
  ) {}

  @Handles(CatalogueSubjects.health)
  async check(): Promise<HealthReply> {
    const [postgres, schema, redis] = await Promise.all([checkPostgres(this.em), checkSchema(this.em), checkRedis(this.redis)]);
    return healthReply('catalogue', this.config.SERVICE_VERSION, { postgres, schema, redis });
  }
}

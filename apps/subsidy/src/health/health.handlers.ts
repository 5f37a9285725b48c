import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { HealthReply, SubsidySubjects } from '@yixiang/contracts';
import { checkPostgres, checkSchema, Handles, healthReply } from '@yixiang/common';
import { SubsidyConfig } from '../config';

@Controller()
export class HealthHandlers {
  constructor(
    private readonly em: EntityManager,
    private readonly config: SubsidyConfig,
  ) {}

  @Handles(SubsidySubjects.health)
  async check(): Promise<HealthReply> {
    const [postgres, schema] = await Promise.all([checkPostgres(this.em), checkSchema(this.em)]);
    return healthReply('subsidy', this.config.SERVICE_VERSION, { postgres, schema });
  }
}

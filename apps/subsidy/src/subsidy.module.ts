import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { DEFAULT_JOB_OPTIONS, Queues, SubsidySubjects } from '@yixiang/contracts';
import { auditTrail, healthHandlers, redisOptions, SERVICE_HEALTH, ServiceHealth, serviceImports } from '@yixiang/common';
import { SubsidyConfig } from './config';
import { subsidyOrmOptions } from './orm.config';
import { PoliciesRepository } from './policies/policies.repository';
import { PoliciesService } from './policies/policies.service';
import { InputsClient, SUBSIDY_REDIS } from './runs/inputs.client';
import { RunsHandlers } from './runs/runs.handlers';
import { RunsProcessor } from './runs/runs.processor';
import { RunRecords } from './runs/run-records';
import { RunsRepository } from './runs/runs.repository';
import { RunsService } from './runs/runs.service';

/** Policies posted and runs published or deleted are audited (issue 20). */
const AUDIT = auditTrail('subsidy', 'subsidy');

@Module({})
export class SubsidyModule {
  static forRoot(config: SubsidyConfig): DynamicModule {
    return {
      module: SubsidyModule,
      imports: [
        ...serviceImports({ service: 'subsidy', config, orm: subsidyOrmOptions(config.DATABASE_URL, config.DB_POOL_MAX), bullmq: true }),
        BullModule.registerQueue({ name: Queues.subsidyRun, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
      ],
      controllers: [healthHandlers('subsidy', SubsidySubjects.health), RunsHandlers, ...AUDIT.controllers],
      providers: [
        { provide: SubsidyConfig, useValue: config },
        { provide: SERVICE_HEALTH, useValue: { version: config.SERVICE_VERSION } satisfies ServiceHealth },
        { provide: SUBSIDY_REDIS, useFactory: () => new Redis(redisOptions(config.REDIS_URL)) },
        PoliciesRepository, PoliciesService, RunsRepository, RunsService, RunsProcessor, RunRecords, InputsClient, ...AUDIT.providers,
      ],
    };
  }
}

import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import Redis from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { DEFAULT_JOB_OPTIONS, Queues } from '@yixiang/contracts';
import { loggerParams, redisOptions, natsConnectionOptions } from '@yixiang/common';
import { SubsidyConfig } from './config';
import { HealthHandlers } from './health/health.handlers';
import { subsidyOrmOptions } from './orm.config';
import { PoliciesRepository } from './policies/policies.repository';
import { PoliciesService } from './policies/policies.service';
import { InputsClient, NATS_CLIENT, SUBSIDY_REDIS } from './runs/inputs.client';
import { RunsHandlers } from './runs/runs.handlers';
import { RunsProcessor } from './runs/runs.processor';
import { RunRecords } from './runs/run-records';
import { RunsRepository } from './runs/runs.repository';
import { RunsService } from './runs/runs.service';

@Module({})
export class SubsidyModule {
  static forRoot(config: SubsidyConfig): DynamicModule {
    return {
      module: SubsidyModule,
      imports: [
        LoggerModule.forRoot(loggerParams('subsidy', config.SERVICE_VERSION, config.LOG_LEVEL, config.LOG_PRETTY === 'true')),
        MikroOrmModule.forRoot({ ...subsidyOrmOptions(config.DATABASE_URL, config.DB_POOL_MAX), registerRequestContext: false }),
        BullModule.forRoot({ connection: redisOptions(config.REDIS_URL), prefix: config.BULLMQ_PREFIX }),
        BullModule.registerQueue({ name: Queues.subsidyRun, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
        ClientsModule.register([{
          name: NATS_CLIENT,
          transport: Transport.NATS,
          options: natsConnectionOptions(config.NATS_URL, `subsidy-client-${process.pid}`),
        }]),
      ],
      controllers: [HealthHandlers, RunsHandlers],
      providers: [
        { provide: SubsidyConfig, useValue: config },
        { provide: SUBSIDY_REDIS, useFactory: () => new Redis(redisOptions(config.REDIS_URL)) },
        PoliciesRepository, PoliciesService, RunsRepository, RunsService, RunsProcessor, RunRecords, InputsClient,
      ],
    };
  }
}

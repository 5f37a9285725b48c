import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { Options } from '@mikro-orm/postgresql';
import { BullModule } from '@nestjs/bullmq';
import type { ModuleMetadata } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { LoggerModule } from 'nestjs-pino';
import type { ServiceConfig } from '../config/service.config';
import { loggerParams } from '../logging/logger';
import { natsConnectionOptions } from '../messaging/nats-options';
import { NATS_CLIENT } from '../messaging/nats-client';
import { redisOptions } from '../redis';

export interface ServiceWiring {
  /** The service's name: in its logs and its NATS client's connection name. */
  service: string;
  config: ServiceConfig;
  /** The service's ORM options (its schema, migrations, pool). */
  orm: Options;
  /** BullMQ's Redis connection and prefix, for a service with queues (it registers its own queues). */
  bullmq?: boolean;
}

/**
 * What every service module imports, wired the same way for each: pino logging, MikroORM (request
 * contexts made explicitly, RequestContext.create, never by a middleware), the NATS client under
 * NATS_CLIENT and, for services with queues, BullMQ's connection. A module still lists its own
 * queues, controllers and providers plainly beside this.
 */
export function serviceImports({ service, config, orm, bullmq = false }: ServiceWiring): NonNullable<ModuleMetadata['imports']> {
  return [
    LoggerModule.forRoot(loggerParams(service, config.SERVICE_VERSION, config.LOG_LEVEL, config.LOG_PRETTY === 'true')),
    MikroOrmModule.forRoot({ ...orm, registerRequestContext: false }),
    ...(bullmq ? [BullModule.forRoot({ connection: redisOptions(config.REDIS_URL), prefix: config.BULLMQ_PREFIX })] : []),
    ClientsModule.register([{ name: NATS_CLIENT, transport: Transport.NATS, options: natsConnectionOptions(config.NATS_URL, `${service}-client-${process.pid}`) }]),
  ];
}

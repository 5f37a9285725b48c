import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams, OrmRequestContextInterceptor } from '@yixiang/common';
import { BillingConfig } from './config';
import { HealthHandlers } from './health/health.handlers';
import { billingOrmOptions } from './orm.config';
import { CatalogueClient, NATS_CLIENT } from './usage/catalogue.client';
import { UsageConsumer } from './usage/usage.consumer';
import { UsageHandlers } from './usage/usage.handlers';
import { UsageService } from './usage/usage.service';

@Module({})
export class BillingModule {
  static forRoot(config: BillingConfig): DynamicModule {
    return {
      module: BillingModule,
      imports: [
        LoggerModule.forRoot(loggerParams('billing', config.SERVICE_VERSION, config.LOG_LEVEL, config.LOG_PRETTY === 'true')),
        MikroOrmModule.forRoot({ ...billingOrmOptions(config.DATABASE_URL), registerRequestContext: false }),
        ClientsModule.register([{
          name: NATS_CLIENT,
          transport: Transport.NATS,
          options: { servers: config.NATS_URL.split(','), name: `billing-client-${process.pid}`, maxReconnectAttempts: -1, reconnectTimeWait: 500 },
        }]),
      ],
      controllers: [HealthHandlers, UsageHandlers],
      providers: [
        { provide: BillingConfig, useValue: config },
        { provide: APP_INTERCEPTOR, useClass: OrmRequestContextInterceptor },
        CatalogueClient, UsageService, UsageConsumer,
      ],
    };
  }
}

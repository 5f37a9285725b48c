import { DynamicModule, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ClientsModule, Transport } from '@nestjs/microservices';
import Redis from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams, NATS_CLIENT, natsConnectionOptions, redisOptions } from '@yixiang/common';
import { StatisticsController } from './statistics/statistics.controller';
import { NationalReportsController } from './reports/national-reports.controller';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { BillingController } from './billing/billing.controller';
import { VoucherClaimsController } from './billing/voucher-claims.controller';
import { UsageController } from './billing/usage.controller';
import { VoucherProgrammesController } from './billing/voucher-programmes.controller';
import { SubsidyController } from './subsidy/subsidy.controller';
import { NotificationsController, WebhooksController } from './notification/notifications.controller';
import { BookingsController } from './booking/bookings.controller';
import { BookingPolicyController } from './booking/booking-policy.controller';
import { TrainingController } from './booking/training.controller';
import { ResearchGroupsController } from './booking/research-groups.controller';
import { CalendarController } from './booking/calendar.controller';
import { TerminalApiController } from './booking/terminal-api.controller';
import { TerminalsController } from './booking/terminals.controller';
import { SampleOrdersController } from './booking/sample-orders.controller';
import { AuthGuard } from './auth/auth.guard';
import { GATEWAY_REDIS, LoginRateLimiter } from './auth/login-rate-limiter';
import { SessionCache } from './auth/session-cache';
import { UserAccountsController } from './auth/user-accounts.controller';
import { CategoriesController } from './catalogue/categories.controller';
import { InstitutionsController } from './catalogue/institutions.controller';
import { InstrumentsController } from './catalogue/instruments.controller';
import { QualificationsController } from './catalogue/qualifications.controller';
import { UsersController } from './catalogue/users.controller';
import { GatewayConfig } from './config';
import { ErrorFilter } from './http/error.filter';
import { Services } from './http/services';
import { ImportsController } from './imports/imports.controller';
import { Metrics } from './ops/metrics';
import { OpsController } from './ops/ops.controller';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        LoggerModule.forRoot(loggerParams('gateway', config.SERVICE_VERSION, config.LOG_LEVEL, config.LOG_PRETTY === 'true')),
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse
        // it as a public key on every verification, a tenth of the gateway's CPU under load.
        JwtModule.register({
          secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')) as unknown as string,
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        ClientsModule.register([{
          name: NATS_CLIENT,
          transport: Transport.NATS,
          options: natsConnectionOptions(config.NATS_URL, `gateway-${process.pid}`),
        }]),
      ],
      controllers: [
        StatisticsController, NationalReportsController, AuditController,
        AuthController, UserAccountsController, UsersController, InstitutionsController, InstrumentsController, QualificationsController, CategoriesController,
        ImportsController, OpsController, BookingsController, BookingPolicyController, TrainingController, ResearchGroupsController, CalendarController, SampleOrdersController, UsageController, BillingController, VoucherClaimsController, SubsidyController,
        VoucherProgrammesController,
        NotificationsController, WebhooksController,
        TerminalsController, TerminalApiController,
      ],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: GATEWAY_REDIS, useFactory: () => new Redis(redisOptions(config.REDIS_URL)) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        Services, LoginRateLimiter, SessionCache, Metrics,
      ],
    };
  }
}

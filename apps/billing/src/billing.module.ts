import { BullModule } from '@nestjs/bullmq';
import Redis from 'ioredis';
import { DynamicModule, Module } from '@nestjs/common';
import { BillingSubjects, DEFAULT_JOB_OPTIONS, Queues } from '@yixiang/contracts';
import { auditTrail, healthHandlers, outboxProviders, redisOptions, SERVICE_HEALTH, serviceImports } from '@yixiang/common';
import { ExportsRepository } from './exports/exports.repository';
import { BILLING_REDIS, ExportsService } from './exports/exports.service';
import { CrossRegionHandlers } from './statistics/cross-region.handlers';
import { NationalReportHandlers } from './national/national.handlers';
import { NationalReportRepository } from './national/national.repository';
import { NationalReportService } from './national/national.service';
import { CrossRegionRepository } from './statistics/cross-region.repository';
import { CrossRegionService } from './statistics/cross-region.service';
import { BillingImportRepository } from './imports/billing-import.repository';
import { BillingImportService } from './imports/billing-import.service';
import { FactsClient } from './settlement/facts.client';
import { RegionalSettlement } from './settlement/regional-settlement';
import { SettlementRange } from './settlement/settlement-range';
import { SettlementHandlers } from './settlement/settlement.handlers';
import { SettlementProcessor } from './settlement/settlement.processor';
import { SettlementRecords } from './settlement/settlement-records';
import { SettlementService } from './settlement/settlement.service';
import { StatementsRepository } from './statements/statements.repository';
import { ExportsHandlers } from './exports/exports.handlers';
import { ImportsHandlers } from './imports/imports.handlers';
import { StatementsHandlers } from './statements/statements.handlers';
import { UsageGroupsHandlers } from './usage-groups/usage-groups.handlers';
import { FeedbackHandlers } from './vouchers/feedback.handlers';
import { VouchersHandlers } from './vouchers/vouchers.handlers';
import { VoucherClaimsHandlers } from './voucher-claims/voucher-claims.handlers';
import { VoucherClaimsRepository } from './voucher-claims/voucher-claims.repository';
import { VoucherClaimsService } from './voucher-claims/voucher-claims.service';
import { StatementsService } from './statements/statements.service';
import { UsageGroupsRepository } from './usage-groups/usage-groups.repository';
import { UsageGroupsService } from './usage-groups/usage-groups.service';
import { FeedbackService } from './vouchers/feedback.service';
import { VouchersService } from './vouchers/vouchers.service';
import { BillingConfig } from './config';
import { billingOrmOptions } from './orm.config';
import { CatalogueClient } from './usage/catalogue.client';
import { ConsumerLagMetrics } from './usage/consumer-lag.metrics';
import { UsageConsumer } from './usage/usage.consumer';
import { SampleUsageConsumer } from './usage/sample-usage.consumer';
import { UsageEventsHealth } from './usage/usage-events.health';
import { UsageHandlers } from './usage/usage.handlers';
import { UsageRepository } from './usage/usage.repository';
import { VouchersRepository } from './vouchers/vouchers.repository';
import { FeedbackRepository } from './vouchers/feedback.repository';
import { SettlementRepository } from './settlement/settlement.repository';
import { UsageService } from './usage/usage.service';
import { VoucherApplicationsService } from './voucher-programmes/voucher-applications.service';
import { VoucherProgrammesHandlers } from './voucher-programmes/voucher-programmes.handlers';
import { VoucherProgrammesRepository } from './voucher-programmes/voucher-programmes.repository';
import { VoucherProgrammesService } from './voucher-programmes/voucher-programmes.service';

/** Vouchers, applications, claims, settlements and statements are audited (issue 20). */
const AUDIT = auditTrail('billing', 'billing');

@Module({})
export class BillingModule {
  static forRoot(config: BillingConfig): DynamicModule {
    return {
      module: BillingModule,
      imports: [
        ...serviceImports({ service: 'billing', config, orm: billingOrmOptions(config.DATABASE_URL, config.DB_POOL_MAX), bullmq: true }),
        BullModule.registerQueue({ name: Queues.billingSettlement, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
      ],
      controllers: [
        CrossRegionHandlers, NationalReportHandlers,
        healthHandlers('billing', BillingSubjects.health), UsageHandlers, SettlementHandlers, VouchersHandlers, FeedbackHandlers, StatementsHandlers, ExportsHandlers, ImportsHandlers, UsageGroupsHandlers,
        VoucherClaimsHandlers,
        VoucherProgrammesHandlers,
        ...AUDIT.controllers,
      ],
      providers: [
        CrossRegionRepository, CrossRegionService, NationalReportRepository, NationalReportService,
        { provide: BillingConfig, useValue: config },
        { provide: SERVICE_HEALTH, useClass: UsageEventsHealth },
        // Statement and voucher events (issue 19) leave through billing.outbox.
        ...outboxProviders('billing', config),
        { provide: BILLING_REDIS, useFactory: () => new Redis(redisOptions(config.REDIS_URL)) },
        UsageRepository, StatementsRepository, SettlementRepository, VouchersRepository, FeedbackRepository,
        CatalogueClient, FactsClient, UsageService, UsageConsumer, SampleUsageConsumer, SettlementService, RegionalSettlement, SettlementRange, SettlementProcessor, SettlementRecords, VouchersService, FeedbackService,
        StatementsService, ExportsRepository, ExportsService, BillingImportRepository, BillingImportService, UsageGroupsRepository, UsageGroupsService, ConsumerLagMetrics,
        VoucherClaimsRepository, VoucherClaimsService,
        VoucherProgrammesRepository, VoucherProgrammesService, VoucherApplicationsService,
        ...AUDIT.providers,
      ],
    };
  }
}

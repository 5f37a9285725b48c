import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import Redis from 'ioredis';
import { CatalogueSubjects, DEFAULT_JOB_OPTIONS, Queues } from '@yixiang/contracts';
import { auditTrail, checkRedis, healthHandlers, redisOptions, SERVICE_HEALTH, ServiceHealth, serviceImports } from '@yixiang/common';
import { CategoriesHandlers } from './categories.handlers';
import { CatalogueConfig } from './config';
import { AvailabilityHandlers } from './availability/availability.handlers';
import { AvailabilityService } from './availability/availability.service';
import { ImportHandlers } from './imports/import.handlers';
import { ImportProcessor } from './imports/import.processor';
import { BundlePartsClient } from './imports/bundle-parts.client';
import { PriceRefreshProcessor } from './instruments/price-refresh.processor';
import { BookingContextHandlers } from './instruments/booking-context.handlers';
import { BookingContextService } from './instruments/booking-context.service';
import { BillingFactsRepository } from './instruments/billing-facts.repository';
import { BillingFactsService } from './instruments/billing-facts.service';
import { ImportService } from './imports/import.service';
import { CatalogueBundleRepository } from './imports/catalogue-bundle.repository';
import { ImportsRepository } from './imports/imports.repository';
import { ImportSweep } from './imports/import-sweep';
import { REDIS } from './imports/redis.token';
import { InstitutionsHandlers } from './institutions/institutions.handlers';
import { InstitutionsService } from './institutions/institutions.service';
import { InstrumentsHandlers } from './instruments/instruments.handlers';
import { InstrumentsRepository } from './instruments/instruments.repository';
import { InstrumentsService } from './instruments/instruments.service';
import { SearchCache, SearchIndexService } from './search';
import { JobsHandlers } from './jobs/jobs.handlers';
import { catalogueOrmOptions } from './orm.config';
import { QualificationsHandlers } from './qualifications/qualifications.handlers';
import { QualificationsRepository } from './qualifications/qualifications.repository';
import { QualificationsService } from './qualifications/qualifications.service';
import { RatesHandlers } from './rates/rates.handlers';
import { RatesService } from './rates/rates.service';
import { UsersHandlers } from './users/users.handlers';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/** Changes to institutions, users' roles and rate cards are audited (issue 20). */
const AUDIT = auditTrail('catalogue', 'catalogue');

@Module({})
export class CatalogueModule {
  static forRoot(config: CatalogueConfig): DynamicModule {
    return {
      module: CatalogueModule,
      imports: [
        ...serviceImports({ service: 'catalogue', config, orm: catalogueOrmOptions(config.DATABASE_URL, config.DB_POOL_MAX), bullmq: true }),
        BullModule.registerQueue({ name: Queues.catalogueImport, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
        BullModule.registerQueue({ name: Queues.cataloguePrices }),
      ],
      controllers: [
        healthHandlers('catalogue', CatalogueSubjects.health), CategoriesHandlers, InstitutionsHandlers, UsersHandlers, InstrumentsHandlers, RatesHandlers,
        AvailabilityHandlers, QualificationsHandlers, ImportHandlers, JobsHandlers, BookingContextHandlers, ...AUDIT.controllers,
      ],
      providers: [
        { provide: CatalogueConfig, useValue: config },
        { provide: REDIS, useFactory: () => new Redis(redisOptions(config.REDIS_URL)) },
        // The catalogue stages imports and caches searches in Redis: without it, it is not ready.
        { provide: SERVICE_HEALTH, inject: [REDIS], useFactory: (redis: Redis): ServiceHealth => ({ version: config.SERVICE_VERSION, required: async () => ({ redis: await checkRedis(redis) }) }) },
        InstitutionsService, UsersRepository, UsersService, InstrumentsRepository, InstrumentsService, RatesService, AvailabilityService, QualificationsRepository, QualificationsService,
        ImportsRepository, CatalogueBundleRepository, ImportService, ImportProcessor, ImportSweep, SearchCache, SearchIndexService, PriceRefreshProcessor,
        BookingContextService, BillingFactsRepository, BillingFactsService, BundlePartsClient, ...AUDIT.providers,
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import Redis from 'ioredis';
import { BookingSubjects, Queues } from '@yixiang/contracts';
import { auditTrail, healthHandlers, OutboxBacklog, outboxProviders, redisOptions, SERVICE_HEALTH, serviceImports } from '@yixiang/common';
import { BlackoutsRepository } from './blackouts/blackouts.repository';
import { BlackoutsService } from './blackouts/blackouts.service';
import { BookingsHandlers } from './bookings/bookings.handlers';
import { BookingInserts } from './bookings/booking-inserts';
import { BookingsRepository } from './bookings/bookings.repository';
import { BookingsService } from './bookings/bookings.service';
import { TransitionsService } from './bookings/transitions.service';
import { CalendarHandlers } from './calendar/calendar.handlers';
import { CalendarRepository } from './calendar/calendar.repository';
import { CalendarService } from './calendar/calendar.service';
import { BookingConfig } from './config';
import { bookingOrmOptions } from './orm.config';
import { CatalogueClient } from './shared/catalogue.client';
import { OccupancyRepository } from './shared/occupancy.repository';
import { SlotsService } from './slots/slots.service';
import { PolicyHandlers } from './policy/policy.handlers';
import { PolicyRepository } from './policy/policy.repository';
import { PolicySweepProcessor } from './policy/policy.processor';
import { SuspensionsService } from './policy/suspensions.service';
import { SweepService } from './policy/sweep.service';
import { SeriesService } from './series/series.service';
import { TrainingHandlers } from './training/training.handlers';
import { TrainingRepository } from './training/training.repository';
import { TrainingService } from './training/training.service';
import { SampleOrdersHandlers } from './sample-orders/sample-orders.handlers';
import { SampleOrdersRepository } from './sample-orders/sample-orders.repository';
import { BOOKING_REDIS, SampleOrdersService } from './sample-orders/sample-orders.service';
import { WaitlistRepository } from './waitlist/waitlist.repository';
import { WaitlistService } from './waitlist/waitlist.service';
import { ChargesConsumer } from './funds/charges.consumer';
import { FundHoldsService } from './funds/fund-holds.service';
import { PiApprovalsService } from './funds/pi-approvals.service';
import { ResearchGroupsHandlers } from './funds/research-groups.handlers';
import { ResearchGroupsRepository } from './funds/research-groups.repository';
import { ResearchGroupsService } from './funds/research-groups.service';
import { TerminalAuth } from './terminals/terminal-auth';
import { TerminalSessionsService } from './terminals/terminal-sessions.service';
import { TerminalsHandlers } from './terminals/terminals.handlers';
import { TerminalsRepository } from './terminals/terminals.repository';
import { TerminalsService } from './terminals/terminals.service';

/** Fund accounts and terminals are audited (issue 20). */
const AUDIT = auditTrail('booking', 'booking');

@Module({})
export class BookingModule {
  static forRoot(config: BookingConfig): DynamicModule {
    return {
      module: BookingModule,
      imports: [
        ...serviceImports({ service: 'booking', config, orm: bookingOrmOptions(config.DATABASE_URL, config.DB_POOL_MAX), bullmq: true }),
        BullModule.registerQueue({ name: Queues.bookingPolicy }),
      ],
      controllers: [healthHandlers('booking', BookingSubjects.health), BookingsHandlers, CalendarHandlers, PolicyHandlers, TerminalsHandlers, TrainingHandlers, ResearchGroupsHandlers, SampleOrdersHandlers, ...AUDIT.controllers],
      providers: [
        { provide: BookingConfig, useValue: config },
        ...outboxProviders('booking', config),
        // Booking's own part of its health answer is its outbox backlog (reported, never a reason to refuse bookings).
        { provide: SERVICE_HEALTH, useExisting: OutboxBacklog },
        BookingsRepository, BlackoutsRepository, CalendarRepository, OccupancyRepository,
        CatalogueClient, BookingInserts, BookingsService, TransitionsService, BlackoutsService, SlotsService, CalendarService,
        PolicyRepository, SuspensionsService, SweepService, PolicySweepProcessor, WaitlistRepository, WaitlistService, SeriesService,
        TerminalsRepository, TerminalAuth, TerminalsService, TerminalSessionsService,
        TrainingRepository, TrainingService,
        ResearchGroupsRepository, ResearchGroupsService, FundHoldsService, PiApprovalsService, ChargesConsumer, ...AUDIT.providers,
        // Sample orders (issue 18); Redis carries report files between the gateway and here.
        { provide: BOOKING_REDIS, useFactory: () => new Redis(redisOptions(config.REDIS_URL)) }, SampleOrdersRepository, SampleOrdersService,
      ],
    };
  }
}

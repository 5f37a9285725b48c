import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams, natsConnectionOptions } from '@yixiang/common';
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
import { HealthHandlers } from './health/health.handlers';
import { bookingOrmOptions } from './orm.config';
import { OutboxMetrics } from './outbox/outbox.metrics';
import { OutboxPublisher } from './outbox/outbox.publisher';
import { CatalogueClient, NATS_CLIENT } from './shared/catalogue.client';
import { OccupancyRepository } from './shared/occupancy.repository';
import { SlotsService } from './slots/slots.service';

@Module({})
export class BookingModule {
  static forRoot(config: BookingConfig): DynamicModule {
    return {
      module: BookingModule,
      imports: [
        LoggerModule.forRoot(loggerParams('booking', config.SERVICE_VERSION, config.LOG_LEVEL, config.LOG_PRETTY === 'true')),
        MikroOrmModule.forRoot({ ...bookingOrmOptions(config.DATABASE_URL, config.DB_POOL_MAX), registerRequestContext: false }),
        ClientsModule.register([{
          name: NATS_CLIENT,
          transport: Transport.NATS,
          options: natsConnectionOptions(config.NATS_URL, `booking-client-${process.pid}`),
        }]),
      ],
      controllers: [HealthHandlers, BookingsHandlers, CalendarHandlers],
      providers: [
        { provide: BookingConfig, useValue: config },
        BookingsRepository, BlackoutsRepository, CalendarRepository, OccupancyRepository,
        CatalogueClient, BookingInserts, BookingsService, TransitionsService, BlackoutsService, SlotsService, CalendarService, OutboxPublisher, OutboxMetrics,
      ],
    };
  }
}

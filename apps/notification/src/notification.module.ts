import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { DEFAULT_JOB_OPTIONS, NotificationSubjects, Queues } from '@yixiang/contracts';
import { healthHandlers, SERVICE_HEALTH, ServiceHealth, serviceImports } from '@yixiang/common';
import { NotificationConfig } from './config';
import { DeliveriesRepository } from './deliveries/deliveries.repository';
import { DeliveriesService } from './deliveries/deliveries.service';
import { DeliveryProcessor } from './deliveries/delivery.processor';
import { DeliveryQueue } from './deliveries/delivery-queue';
import { Senders } from './deliveries/senders';
import { CatalogueClient } from './events/catalogue.client';
import { DispatchService } from './events/dispatch.service';
import { NotificationConsumer } from './events/notification.consumer';
import { InboxHandlers } from './inbox/inbox.handlers';
import { InboxRepository } from './inbox/inbox.repository';
import { InboxService } from './inbox/inbox.service';
import { notificationOrmOptions } from './orm.config';
import { WebhooksHandlers } from './webhooks/webhooks.handlers';
import { WebhooksRepository } from './webhooks/webhooks.repository';
import { WebhooksService } from './webhooks/webhooks.service';

@Module({})
export class NotificationModule {
  static forRoot(config: NotificationConfig): DynamicModule {
    return {
      module: NotificationModule,
      imports: [
        ...serviceImports({ service: 'notification', config, orm: notificationOrmOptions(config.DATABASE_URL, config.DB_POOL_MAX), bullmq: true }),
        BullModule.registerQueue({ name: Queues.notificationDelivery, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
      ],
      controllers: [healthHandlers('notification', NotificationSubjects.health), InboxHandlers, WebhooksHandlers],
      providers: [
        { provide: NotificationConfig, useValue: config },
        { provide: SERVICE_HEALTH, useValue: { version: config.SERVICE_VERSION } satisfies ServiceHealth },
        CatalogueClient, InboxRepository, InboxService, DeliveriesRepository, DeliveriesService, DeliveryQueue, DeliveryProcessor, Senders,
        WebhooksRepository, WebhooksService, DispatchService, NotificationConsumer,
      ],
    };
  }
}

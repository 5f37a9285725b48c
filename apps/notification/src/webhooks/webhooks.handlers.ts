import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, CreateWebhookDto, DeliveryListQuery, NotificationSubjects, PageQuery, RobotsDto } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { DeliveriesService } from '../deliveries/deliveries.service';
import { WebhooksService } from './webhooks.service';

@Controller()
export class WebhooksHandlers {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly deliveries: DeliveriesService,
  ) {}

  @Handles(NotificationSubjects.webhookCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateWebhookDto) {
    return this.webhooks.create(actor, data);
  }

  @Handles(NotificationSubjects.webhookList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: PageQuery) {
    return this.webhooks.list(actor, data ?? {});
  }

  @Handles(NotificationSubjects.webhookDelete)
  remove(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.webhooks.remove(actor, id);
  }

  @Handles(NotificationSubjects.webhookDeliveries)
  deliveriesOf(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: PageQuery) {
    return this.webhooks.deliveriesOf(actor, id, data ?? {});
  }

  @Handles(NotificationSubjects.deliveryReplay)
  replay(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.webhooks.replay(actor, id);
  }

  @Handles(NotificationSubjects.deliveryList)
  deliveryList(@Payload('actor') actor: Actor | null, @Payload('data') data: DeliveryListQuery) {
    return this.deliveries.list(actor, data ?? {});
  }

  @Handles(NotificationSubjects.robotsGet)
  robots(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.webhooks.robots(actor, id);
  }

  @Handles(NotificationSubjects.robotsPut)
  putRobots(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: RobotsDto) {
    return this.webhooks.putRobots(actor, id, data ?? {});
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor, CreateWebhookDto, DeletedView, DeliveryListQuery, DeliveryView, NotificationListQuery, NotificationSubjects, NotificationView, Page, PageQuery,
  pageOf, PreferencesView, ReadAllView, RobotsDto, RobotsView, UnreadCountView, UpdatePreferencesDto, WebhookCreatedView, WebhookView,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';

/** The inbox and channel choices of whoever is signed in (issue 19). */
@ApiTags('notifications')
@ApiSignedIn()
@Controller()
export class NotificationsController {
  constructor(private readonly services: Services) {}

  @Get('notifications')
  @ApiOperation({ summary: 'My notifications, newest first (unread=true: only unread), paginated' })
  @ApiOkResponse({ type: pageOf(NotificationView) })
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() data: NotificationListQuery): Promise<Page<NotificationView>> {
    return this.services.notification.request(NotificationSubjects.inboxList, { actor, data });
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: 'How many of my notifications are unread (the web app’s header)' })
  @ApiOkResponse({ type: UnreadCountView })
  unread(@CurrentActor() actor: Actor): Promise<UnreadCountView> {
    return this.services.notification.request(NotificationSubjects.inboxUnread, { actor });
  }

  @Get('notifications/deliveries')
  @ApiOperation({ summary: 'Deliveries (e-mail, robots, webhooks) by state, e.g. state=failed: the bureau’s and auditors’ all, an admin’s of their institution' })
  @ApiOkResponse({ type: pageOf(DeliveryView) })
  @ApiErrors(400, 403)
  deliveries(@CurrentActor() actor: Actor, @Query() data: DeliveryListQuery): Promise<Page<DeliveryView>> {
    return this.services.notification.request(NotificationSubjects.deliveryList, { actor, data });
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: ReadAllView })
  readAll(@CurrentActor() actor: Actor): Promise<ReadAllView> {
    return this.services.notification.request(NotificationSubjects.inboxReadAll, { actor });
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiOkResponse({ type: NotificationView })
  @ApiErrors(404)
  read(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<NotificationView> {
    return this.services.notification.request(NotificationSubjects.inboxRead, { actor, id });
  }

  @Get('notification-preferences')
  @ApiOperation({ summary: 'My channels per kind of notification: the inbox always, e-mail on unless turned off' })
  @ApiOkResponse({ type: PreferencesView })
  preferences(@CurrentActor() actor: Actor): Promise<PreferencesView> {
    return this.services.notification.request(NotificationSubjects.preferencesGet, { actor });
  }

  @Put('notification-preferences')
  @ApiOperation({ summary: 'Choose e-mail on or off for the kinds named (others stay as they are)' })
  @ApiOkResponse({ type: PreferencesView })
  @ApiErrors(400)
  savePreferences(@CurrentActor() actor: Actor, @Body() data: UpdatePreferencesDto): Promise<PreferencesView> {
    return this.services.notification.request(NotificationSubjects.preferencesPut, { actor, data });
  }
}

/** Institutions' own systems and group chats: webhooks with a signed delivery log, and WeCom / DingTalk / Feishu robots. */
@ApiTags('webhooks')
@ApiSignedIn()
@Controller()
export class WebhooksController {
  constructor(private readonly services: Services) {}

  @Post('webhooks')
  @ApiOperation({ summary: 'Subscribe a URL of the institution to events; deliveries are JSON signed X-Yixiang-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>; the secret is shown only in this answer' })
  @ApiCreatedResponse({ type: WebhookCreatedView })
  @ApiErrors(400, 403, 404)
  create(@CurrentActor() actor: Actor, @Body() data: CreateWebhookDto): Promise<WebhookCreatedView> {
    return this.services.notification.request(NotificationSubjects.webhookCreate, { actor, data });
  }

  @Get('webhooks')
  @ApiOperation({ summary: 'Webhooks: an admin’s institution’s; the bureau’s and auditors’ all (secrets never shown)' })
  @ApiOkResponse({ type: pageOf(WebhookView) })
  @ApiErrors(400, 403)
  list(@CurrentActor() actor: Actor, @Query() data: PageQuery): Promise<Page<WebhookView>> {
    return this.services.notification.request(NotificationSubjects.webhookList, { actor, data });
  }

  @Delete('webhooks/:id')
  @ApiOperation({ summary: 'Stop a webhook (its delivery log stays)' })
  @ApiOkResponse({ type: DeletedView })
  @ApiErrors(403, 404)
  remove(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<DeletedView> {
    return this.services.notification.request(NotificationSubjects.webhookDelete, { actor, id });
  }

  @Get('webhooks/:id/deliveries')
  @ApiOperation({ summary: 'A webhook’s deliveries, newest first, each with every attempt (status, error)' })
  @ApiOkResponse({ type: pageOf(DeliveryView) })
  @ApiErrors(400, 403, 404)
  deliveries(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Query() data: PageQuery): Promise<Page<DeliveryView>> {
    return this.services.notification.request(NotificationSubjects.webhookDeliveries, { actor, id, data });
  }

  @Post('webhook-deliveries/:id/replay')
  @HttpCode(201)
  @ApiOperation({ summary: 'Send a delivery (webhook or robot) again: a new delivery of the same body, signed anew' })
  @ApiCreatedResponse({ type: DeliveryView })
  @ApiErrors(400, 403, 404)
  replay(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<DeliveryView> {
    return this.services.notification.request(NotificationSubjects.deliveryReplay, { actor, id });
  }

  @Get('institutions/:id/robots')
  @ApiOperation({ summary: 'The institution’s group robots (企业微信 / 钉钉 / 飞书 incoming-webhook URLs)' })
  @ApiOkResponse({ type: RobotsView })
  @ApiErrors(403, 404)
  robots(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<RobotsView> {
    return this.services.notification.request(NotificationSubjects.robotsGet, { actor, id });
  }

  @Put('institutions/:id/robots')
  @ApiOperation({ summary: 'Set (a URL) or remove (null) the institution’s group robots; they receive a short Chinese text of its bookings’ events' })
  @ApiOkResponse({ type: RobotsView })
  @ApiErrors(400, 403, 404)
  putRobots(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: RobotsDto): Promise<RobotsView> {
    return this.services.notification.request(NotificationSubjects.robotsPut, { actor, id, data });
  }
}

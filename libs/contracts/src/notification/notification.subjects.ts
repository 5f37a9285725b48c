import type { Page } from '../pagination';
import type { ActorOnly, ById, ByIdWithData, WithData } from '../messages/envelopes';
import type { DeletedView } from '../http/http.responses';
import type { HealthCheck, HealthReply } from '../subjects';
import { subject } from '../messages/subject';
import type {
  CreateWebhookDto, DeliveryListQuery, DeliveryView, NotificationListQuery, NotificationView, PreferencesView, ReadAllView, RobotsDto, RobotsView,
  UnreadCountView, UpdatePreferencesDto, WebhookCreatedView, WebhookView,
} from './notification.dto';
import type { PageQuery } from '../pagination';

export const NOTIFICATION_QUEUE_GROUP = 'notification';

/** The notification service: inbox, preferences, group robots, webhooks and their deliveries (issue 19). */
export const NotificationSubjects = {
  health: subject<HealthCheck, HealthReply>('notification.health.check'),
  inboxList: subject<WithData<NotificationListQuery>, Page<NotificationView>>('notification.inbox.list'),
  inboxUnread: subject<ActorOnly, UnreadCountView>('notification.inbox.unread-count'),
  inboxRead: subject<ById, NotificationView>('notification.inbox.read'),
  inboxReadAll: subject<ActorOnly, ReadAllView>('notification.inbox.read-all'),
  preferencesGet: subject<ActorOnly, PreferencesView>('notification.preference.get'),
  preferencesPut: subject<WithData<UpdatePreferencesDto>, PreferencesView>('notification.preference.put'),
  robotsGet: subject<ById, RobotsView>('notification.robot.get'),
  robotsPut: subject<ByIdWithData<RobotsDto>, RobotsView>('notification.robot.put'),
  webhookCreate: subject<WithData<CreateWebhookDto>, WebhookCreatedView>('notification.webhook.create'),
  webhookList: subject<WithData<PageQuery>, Page<WebhookView>>('notification.webhook.list'),
  webhookDelete: subject<ById, DeletedView>('notification.webhook.delete'),
  webhookDeliveries: subject<ByIdWithData<PageQuery>, Page<DeliveryView>>('notification.webhook.deliveries'),
  deliveryReplay: subject<ById, DeliveryView>('notification.delivery.replay'),
  deliveryList: subject<WithData<DeliveryListQuery>, Page<DeliveryView>>('notification.delivery.list'),
} as const;

import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  adminsAmong, approversAmong, BookingNotifiable, channelsFor, Contact, deliveryInstitutionOf, institutionsOf, isBillingEvent, NotifiableEvent, recipientRule,
  renderMessage, RecipientRule, ROBOT_KINDS, ROBOT_LABELS, robotText,
} from '@yixiang/domain';
import { NotificationConfig } from '../config';
import { DeliveriesRepository, DispatchPlan, PlannedDelivery, PlannedNotification } from '../deliveries/deliveries.repository';
import { DeliveryQueue } from '../deliveries/delivery-queue';
import { InboxRepository } from '../inbox/inbox.repository';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { CatalogueClient } from './catalogue.client';
import type { PartialBookingNotifiable, PartialNotifiable } from './notifiable-events';

export type DispatchOutcome = 'applied' | 'duplicate';

/**
 * An event becomes, in one transaction keyed by its id: an inbox entry per recipient, an e-mail per
 * recipient who did not turn e-mail off for its kind, for a booking event a message to each group
 * robot of the provider, and a call to each webhook subscribed to it of the institutions concerned
 * (a booking's provider and user's, a statement's provider and payer, a voucher application's
 * applicant, a claim's claimant); then one job per delivery. A second arrival of the same event (redelivery, another replica)
 * writes nothing and re-enqueues what is still pending, which the job ids dedupe.
 */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger(DispatchService.name);

  constructor(
    private readonly catalogue: CatalogueClient,
    private readonly inbox: InboxRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly queue: DeliveryQueue,
    private readonly config: NotificationConfig,
  ) {}

  async dispatch(partial: PartialNotifiable, payload: object): Promise<DispatchOutcome> {
    if (await this.deliveries.applied(partial.eventId)) {
      await this.queue.enqueue(await this.deliveries.pendingOf(partial.eventId));
      return 'duplicate';
    }
    const event = isBillingEvent(partial) ? partial : await this.complete(partial);
    const plan = await this.plan(event, payload);
    const applied = await this.deliveries.apply(plan);
    await this.queue.enqueue(applied ? plan.deliveries.map((d) => d.id) : await this.deliveries.pendingOf(event.eventId));
    if (applied) this.logger.log(`${event.subject} ${event.eventId}: ${plan.notifications.length} notifications, ${plan.deliveries.length} deliveries`);
    return applied ? 'applied' : 'duplicate';
  }

  /** The facts an older event leaves out, from the catalogue: the instrument's name and owner, the user's institution. */
  private async complete(p: PartialBookingNotifiable): Promise<BookingNotifiable> {
    let { instrumentName, providerInstitutionId, userInstitutionId } = p;
    if ((!instrumentName || !providerInstitutionId) && p.instrumentId) {
      const instrument = await this.catalogue.instrument(p.instrumentId);
      instrumentName ??= instrument.name;
      providerInstitutionId ||= instrument.institutionId;
    }
    if (userInstitutionId === undefined) {
      const [user] = await this.catalogue.users([p.userId]);
      userInstitutionId = user?.institutionId ?? null;
    }
    return { ...p, instrumentName, providerInstitutionId, userInstitutionId };
  }

  /** The users a rule names, as the catalogue knows them now (inactive ones are dropped below, or by the filters). */
  private async recipients(rule: RecipientRule): Promise<Contact[]> {
    switch (rule.to) {
      case 'user':
        return this.catalogue.users([rule.userId]);
      case 'approvers':
        return approversAmong(await this.catalogue.staffOf(rule.institutionId), rule.institutionId);
      case 'admins':
        return adminsAmong(await this.catalogue.staffOf(rule.institutionId), rule.institutionId);
      case 'nobody':
        return [];
    }
  }

  private async plan(event: NotifiableEvent, payload: object): Promise<DispatchPlan> {
    const rule = recipientRule(event);
    const recipients = await this.recipients(rule);
    const choices = await this.inbox.choices(recipients.map((r) => r.id));
    const notifications: PlannedNotification[] = [];
    const deliveries: PlannedDelivery[] = [];
    const owner = deliveryInstitutionOf(event);
    for (const r of recipients) {
      const message = renderMessage(event, this.config.PUBLIC_URL, rule.to === 'approvers');
      const bookingId = isBillingEvent(event) ? null : event.bookingId;
      const n: PlannedNotification = { id: randomUUID(), userId: r.id, kind: event.kind, title: message.title, body: message.body, link: message.link, bookingId };
      notifications.push(n);
      if (r.email && r.active && channelsFor(event.kind, choices.get(r.id) ?? []).includes('email')) {
        deliveries.push({
          id: randomUUID(), channel: 'email', target: r.email, institutionId: owner, notificationId: n.id, webhookId: null,
          content: { channel: 'email', to: r.email, subject: message.title, text: `${r.name}，您好：\n\n${message.body}` },
        });
      }
    }
    // The provider's group chats hear of its bookings' events (a staff chat: not of statements and vouchers).
    if (!isBillingEvent(event)) deliveries.push(...await this.robotDeliveries(event));
    deliveries.push(...await this.webhookDeliveries(event.eventId, event.subject, event.occurredAt, institutionsOf(event), payload));
    return { eventId: event.eventId, subject: event.subject, notifications, deliveries };
  }

  private async robotDeliveries(event: BookingNotifiable): Promise<PlannedDelivery[]> {
    const robots = await this.webhooks.robots(event.providerInstitutionId);
    const short = robotText(event, this.config.PUBLIC_URL);
    return ROBOT_KINDS.flatMap((kind) => {
      const url = robots[kind];
      if (!url) return [];
      return [{
        id: randomUUID(), channel: 'robot' as const, target: `${kind} (${ROBOT_LABELS[kind]})`, institutionId: event.providerInstitutionId, notificationId: null, webhookId: null,
        content: { channel: 'robot' as const, kind, url, text: short },
      }];
    });
  }

  /** The event as JSON to every webhook of these institutions subscribed to its subject. */
  private async webhookDeliveries(eventId: string, subject: string, occurredAt: string, institutionIds: string[], payload: object): Promise<PlannedDelivery[]> {
    const body = JSON.stringify({ id: eventId, type: subject, occurredAt, data: payload });
    return (await this.webhooks.subscribers(institutionIds, subject)).map((w) => ({
      id: randomUUID(), channel: 'webhook' as const, target: w.url, institutionId: w.institutionId, notificationId: null, webhookId: w.id, content: { channel: 'webhook' as const, url: w.url, body },
    }));
  }

  /**
   * An event for institutions' systems only (a usage record: nobody's inbox): its webhooks, once per
   * event id as for the others.
   */
  async forward(e: { eventId: string; subject: string; occurredAt: string; institutionIds: string[] }, payload: object): Promise<DispatchOutcome> {
    if (await this.deliveries.applied(e.eventId)) {
      await this.queue.enqueue(await this.deliveries.pendingOf(e.eventId));
      return 'duplicate';
    }
    const deliveries = await this.webhookDeliveries(e.eventId, e.subject, e.occurredAt, [...new Set(e.institutionIds)], payload);
    const applied = await this.deliveries.apply({ eventId: e.eventId, subject: e.subject, notifications: [], deliveries });
    await this.queue.enqueue(applied ? deliveries.map((d) => d.id) : await this.deliveries.pendingOf(e.eventId));
    return applied ? 'applied' : 'duplicate';
  }
}

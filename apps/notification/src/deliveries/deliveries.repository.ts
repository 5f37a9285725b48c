import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { DeliveryAttemptView, DeliveryChannel, DeliveryState, DeliveryView } from '@yixiang/contracts';
import { UUID_PATTERN } from '@yixiang/domain';

/** What a delivery sends: an e-mail, a robot's text, or a webhook's exact JSON body. */
export type DeliveryContent =
  | { channel: 'email'; to: string; subject: string; text: string }
  | { channel: 'robot'; kind: 'wecom' | 'dingtalk' | 'feishu'; url: string; text: string }
  | { channel: 'webhook'; url: string; body: string };

export interface PlannedNotification { id: string; userId: string; kind: string; title: string; body: string; link: string; bookingId: string | null }
export interface PlannedDelivery {
  id: string; channel: DeliveryChannel; target: string; content: DeliveryContent; institutionId: string | null;
  notificationId: string | null; webhookId: string | null;
}
/** Everything one event makes, written in one transaction keyed by the event's id. */
export interface DispatchPlan { eventId: string; subject: string; notifications: PlannedNotification[]; deliveries: PlannedDelivery[] }

export interface StoredDelivery {
  id: string; channel: DeliveryChannel; state: DeliveryState; content: DeliveryContent; attempts: number; webhookId: string | null;
  subject: string; eventId: string; institutionId: string | null;
}

interface DeliveryRow {
  id: string; channel: DeliveryChannel; state: DeliveryState; subject: string; event_id: string; target: string; webhook_id: string | null;
  notification_id: string | null; replay_of: string | null; attempts: number; last_error: string | null; created_at: Date | string;
  delivered_at: Date | string | null; log: { attempt: number; at: string; ok: boolean; status: number | null; error: string | null }[] | string | null;
}

const SELECT = `select d.id, d.channel, d.state, d.subject, d.event_id, d.target, d.webhook_id, d.notification_id, d.replay_of, d.attempts,
  d.last_error, d.created_at, d.delivered_at,
  (select coalesce(json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'ok', a.ok, 'status', a.status, 'error', a.error) order by a.attempt), '[]'::json)
     from notification.delivery_attempt a where a.delivery_id = d.id) as log
  from notification.delivery d`;

function view(r: DeliveryRow): DeliveryView {
  const log = (typeof r.log === 'string' ? JSON.parse(r.log) : r.log ?? []) as DeliveryAttemptView[];
  return {
    id: r.id, channel: r.channel, state: r.state, event: r.subject, eventId: r.event_id, target: r.target, webhookId: r.webhook_id,
    notificationId: r.notification_id, replayOf: r.replay_of, attempts: r.attempts, lastError: r.last_error,
    createdAt: new Date(r.created_at).toISOString(), deliveredAt: r.delivered_at ? new Date(r.delivered_at).toISOString() : null,
    log: log.map((a) => ({ attempt: a.attempt, at: new Date(a.at).toISOString(), ok: a.ok, status: a.status, error: a.error })),
  };
}

/** The SQL of applied events, notifications' rows and deliveries with their attempts. */
@Injectable()
export class DeliveriesRepository {
  constructor(private readonly em: EntityManager) {}

  private get conn() {
    return this.em.getConnection();
  }

  async applied(eventId: string): Promise<boolean> {
    const rows = await this.conn.execute<{ one: number }[]>(`select 1 as one from notification.applied_event where event_id = ?`, [eventId]);
    return rows.length > 0;
  }

  /**
   * Writes an event's notifications and deliveries, or nothing when the event was applied before
   * (another replica, a redelivery): the applied_event key decides, inside the transaction.
   * Returns whether this call applied it.
   */
  async apply(plan: DispatchPlan): Promise<boolean> {
    return this.em.fork().transactional(async (em) => {
      const inserted = await em.execute<{ event_id: string }[]>(
        `insert into notification.applied_event (event_id, subject) values (?, ?) on conflict (event_id) do nothing returning event_id`, [plan.eventId, plan.subject]);
      if (inserted.length === 0) return false;
      for (const n of plan.notifications) {
        await em.execute(`insert into notification.notification (id, event_id, user_id, kind, title, body, link, booking_id) values (?, ?, ?, ?, ?, ?, ?, ?)`,
          [n.id, plan.eventId, n.userId, n.kind, n.title, n.body, n.link, n.bookingId]);
      }
      for (const d of plan.deliveries) {
        await em.execute(`insert into notification.delivery (id, channel, event_id, subject, institution_id, notification_id, webhook_id, target, content)
          values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`,
          [d.id, d.channel, plan.eventId, plan.subject, d.institutionId, d.notificationId, d.webhookId, d.target, JSON.stringify(d.content)]);
      }
      return true;
    });
  }

  /** Deliveries of an event still to make (a redelivered event re-enqueues them: job ids dedupe). */
  async pendingOf(eventId: string): Promise<string[]> {
    const rows = await this.conn.execute<{ id: string }[]>(`select id from notification.delivery where event_id = ? and state = 'pending'`, [eventId]);
    return rows.map((r) => r.id);
  }

  /** Every pending delivery older than `seconds` (their jobs may have been lost with a Redis): re-enqueued by id. */
  async stalePending(seconds: number, limit: number): Promise<string[]> {
    const rows = await this.conn.execute<{ id: string }[]>(
      `select id from notification.delivery where state = 'pending' and created_at < now() - make_interval(secs => ?) order by created_at limit ?`, [seconds, limit]);
    return rows.map((r) => r.id);
  }

  async find(id: string): Promise<StoredDelivery | undefined> {
    if (!UUID_PATTERN.test(id)) return undefined;
    const [r] = await this.conn.execute<{ id: string; channel: DeliveryChannel; state: DeliveryState; content: DeliveryContent | string; attempts: number; webhook_id: string | null; subject: string; event_id: string; institution_id: string | null }[]>(
      `select id, channel, state, content, attempts, webhook_id, subject, event_id, institution_id from notification.delivery where id = ?`, [id]);
    if (!r) return undefined;
    return {
      id: r.id, channel: r.channel, state: r.state, content: typeof r.content === 'string' ? JSON.parse(r.content) as DeliveryContent : r.content,
      attempts: r.attempts, webhookId: r.webhook_id, subject: r.subject, eventId: r.event_id, institutionId: r.institution_id,
    };
  }

  async view(id: string): Promise<DeliveryView | undefined> {
    if (!UUID_PATTERN.test(id)) return undefined;
    const [row] = await this.conn.execute<DeliveryRow[]>(`${SELECT} where d.id = ?`, [id]);
    return row ? view(row) : undefined;
  }

  /**
   * One attempt's outcome, numbered in the same statement that counts it; the delivery becomes
   * delivered, failed (when `final`), or stays pending for the next attempt.
   */
  async recordAttempt(id: string, outcome: { ok: boolean; status: number | null; error: string | null; final: boolean }): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      const [row] = await em.execute<{ attempts: number }[]>(
        `update notification.delivery set attempts = attempts + 1,
           state = case when ? then 'delivered' when ? then 'failed' else 'pending' end,
           delivered_at = case when ? then now() else delivered_at end,
           last_error = case when ? then last_error else ? end
         where id = ? and state <> 'delivered' returning attempts`,
        [outcome.ok, outcome.final, outcome.ok, outcome.ok, outcome.error, id]);
      if (!row) return;
      await em.execute(`insert into notification.delivery_attempt (delivery_id, attempt, ok, status, error) values (?, ?, ?, ?, ?)`,
        [id, row.attempts, outcome.ok, outcome.status, outcome.error?.slice(0, 2000) ?? null]);
    });
  }

  /** A new delivery sending what `original` sent, to the same target (a replay). */
  async replay(original: StoredDelivery, id: string): Promise<void> {
    await this.conn.execute(`insert into notification.delivery (id, channel, event_id, subject, institution_id, notification_id, webhook_id, replay_of, target, content)
      select ?, channel, event_id, subject, institution_id, notification_id, webhook_id, id, target, content from notification.delivery where id = ?`, [id, original.id]);
  }

  async pageOfWebhook(webhookId: string, limit: number, offset: number): Promise<{ items: DeliveryView[]; total: number }> {
    const rows = await this.conn.execute<DeliveryRow[]>(`${SELECT} where d.webhook_id = ? order by d.created_at desc, d.id limit ? offset ?`, [webhookId, limit, offset]);
    const [count] = await this.conn.execute<{ total: string }[]>(`select count(*) as total from notification.delivery where webhook_id = ?`, [webhookId]);
    return { items: rows.map(view), total: Number(count.total) };
  }

  /** Deliveries by state and channel; `institutionId` null: every institution's (the bureau's view). */
  async page(filter: { state?: DeliveryState; channel?: DeliveryChannel; institutionId: string | null }, limit: number, offset: number): Promise<{ items: DeliveryView[]; total: number }> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filter.state) { clauses.push('d.state = ?'); params.push(filter.state); }
    if (filter.channel) { clauses.push('d.channel = ?'); params.push(filter.channel); }
    if (filter.institutionId) { clauses.push('d.institution_id = ?'); params.push(filter.institutionId); }
    const where = clauses.length ? `where ${clauses.join(' and ')}` : '';
    const rows = await this.conn.execute<DeliveryRow[]>(`${SELECT} ${where} order by d.created_at desc, d.id limit ? offset ?`, [...params, limit, offset]);
    const [count] = await this.conn.execute<{ total: string }[]>(`select count(*) as total from notification.delivery d ${where}`, params);
    return { items: rows.map(view), total: Number(count.total) };
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RobotsView, WebhookEvent, WebhookView } from '@yixiang/contracts';
import { RobotKind, UUID_PATTERN } from '@yixiang/domain';

interface WebhookRow { id: string; institution_id: string; url: string; events: WebhookEvent[] | string; description: string; created_at: Date | string; secret: string }

function parseArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean).map((s) => s.replace(/^"|"$/g, ''));
}

function view(r: WebhookRow): WebhookView {
  return { id: r.id, institutionId: r.institution_id, url: r.url, events: parseArray(r.events) as WebhookEvent[], description: r.description, createdAt: new Date(r.created_at).toISOString() };
}

export interface Subscription { id: string; institutionId: string; url: string; secret: string }

/** The SQL of institutions' webhooks and group robots. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly em: EntityManager) {}

  private get conn() {
    return this.em.getConnection();
  }

  async insert(w: { id: string; institutionId: string; url: string; events: string[]; secret: string; description: string; createdBy: string }): Promise<WebhookView> {
    const [row] = await this.conn.execute<WebhookRow[]>(
      `insert into notification.webhook (id, institution_id, url, events, secret, description, created_by) values (?, ?, ?, ?::text[], ?, ?, ?)
       returning id, institution_id, url, events, description, created_at, secret`,
      [w.id, w.institutionId, w.url, `{${w.events.join(',')}}`, w.secret, w.description, w.createdBy]);
    return view(row);
  }

  async find(id: string): Promise<(WebhookView & { secret: string }) | undefined> {
    if (!UUID_PATTERN.test(id)) return undefined;
    const [row] = await this.conn.execute<WebhookRow[]>(`select id, institution_id, url, events, description, created_at, secret from notification.webhook where id = ? and deleted_at is null`, [id]);
    return row ? { ...view(row), secret: row.secret } : undefined;
  }

  /** A webhook even when deleted (its deliveries' log and replays). */
  async findAny(id: string): Promise<(WebhookView & { secret: string; deleted: boolean }) | undefined> {
    if (!UUID_PATTERN.test(id)) return undefined;
    const [row] = await this.conn.execute<(WebhookRow & { deleted: boolean })[]>(
      `select id, institution_id, url, events, description, created_at, secret, deleted_at is not null as deleted from notification.webhook where id = ?`, [id]);
    return row ? { ...view(row), secret: row.secret, deleted: row.deleted } : undefined;
  }

  async page(institutionId: string | null, limit: number, offset: number): Promise<{ items: WebhookView[]; total: number }> {
    const where = `where deleted_at is null${institutionId ? ' and institution_id = ?' : ''}`;
    const params = institutionId ? [institutionId] : [];
    const rows = await this.conn.execute<WebhookRow[]>(`select id, institution_id, url, events, description, created_at, secret from notification.webhook ${where} order by created_at desc, id limit ? offset ?`, [...params, limit, offset]);
    const [count] = await this.conn.execute<{ total: string }[]>(`select count(*) as total from notification.webhook ${where}`, params);
    return { items: rows.map(view), total: Number(count.total) };
  }

  async softDelete(id: string): Promise<void> {
    await this.conn.execute(`update notification.webhook set deleted_at = now() where id = ? and deleted_at is null`, [id]);
  }

  /** The live webhooks of these institutions subscribed to `subject`. */
  async subscribers(institutionIds: string[], subject: string): Promise<Subscription[]> {
    if (institutionIds.length === 0) return [];
    const rows = await this.conn.execute<{ id: string; institution_id: string; url: string; secret: string }[]>(
      `select id, institution_id, url, secret from notification.webhook
       where deleted_at is null and institution_id = any(?::uuid[]) and ? = any(events) order by created_at, id`,
      [`{${institutionIds.join(',')}}`, subject]);
    return rows.map((r) => ({ id: r.id, institutionId: r.institution_id, url: r.url, secret: r.secret }));
  }

  async robots(institutionId: string): Promise<RobotsView> {
    const rows = await this.conn.execute<{ kind: RobotKind; url: string }[]>(`select kind, url from notification.robot where institution_id = ?`, [institutionId]);
    const url = (k: RobotKind) => rows.find((r) => r.kind === k)?.url ?? null;
    return { institutionId, wecom: url('wecom'), dingtalk: url('dingtalk'), feishu: url('feishu') };
  }

  /** Sets (a URL) or removes (null) each robot named; robots left out stay as they are. */
  async putRobots(institutionId: string, changes: Partial<Record<RobotKind, string | null>>, by: string): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      for (const [kind, url] of Object.entries(changes)) {
        if (url === undefined) continue;
        if (url === null) await em.execute(`delete from notification.robot where institution_id = ? and kind = ?`, [institutionId, kind]);
        else await em.execute(`insert into notification.robot (institution_id, kind, url, updated_by) values (?, ?, ?, ?)
          on conflict (institution_id, kind) do update set url = excluded.url, updated_by = excluded.updated_by, updated_at = now()`, [institutionId, kind, url, by]);
      }
    });
  }
}

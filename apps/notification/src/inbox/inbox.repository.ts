import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { DeliveryState, NotificationView } from '@yixiang/contracts';
import { ChannelChoice, NotificationKind, UUID_PATTERN } from '@yixiang/domain';

interface NotificationRow {
  id: string; kind: NotificationKind; title: string; body: string; link: string; booking_id: string | null;
  created_at: Date | string; read_at: Date | string | null; email: DeliveryState | null;
}

const SELECT = `select n.id, n.kind, n.title, n.body, n.link, n.booking_id, n.created_at, n.read_at,
  (select d.state from notification.delivery d where d.notification_id = n.id and d.channel = 'email' order by d.created_at desc limit 1) as email
  from notification.notification n`;

function view(r: NotificationRow): NotificationView {
  return {
    id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, bookingId: r.booking_id, createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null, email: r.email ?? 'off',
  };
}

/** The SQL of the inbox and of the users' channel choices. */
@Injectable()
export class InboxRepository {
  constructor(private readonly em: EntityManager) {}

  private get conn() {
    return this.em.getConnection();
  }

  async page(userId: string, unreadOnly: boolean, limit: number, offset: number): Promise<{ items: NotificationView[]; total: number }> {
    const where = `where n.user_id = ?${unreadOnly ? ' and n.read_at is null' : ''}`;
    const rows = await this.conn.execute<NotificationRow[]>(`${SELECT} ${where} order by n.created_at desc, n.id limit ? offset ?`, [userId, limit, offset]);
    const [count] = await this.conn.execute<{ total: string }[]>(`select count(*) as total from notification.notification n ${where}`, [userId]);
    return { items: rows.map(view), total: Number(count.total) };
  }

  async unread(userId: string): Promise<number> {
    const [row] = await this.conn.execute<{ unread: string }[]>(`select count(*) as unread from notification.notification where user_id = ? and read_at is null`, [userId]);
    return Number(row.unread);
  }

  /** Marks one of the user's notifications read (the first reading's time is kept); undefined: not theirs or none. */
  async markRead(userId: string, id: string): Promise<NotificationView | undefined> {
    if (!UUID_PATTERN.test(id)) return undefined;
    await this.conn.execute(`update notification.notification set read_at = coalesce(read_at, now()) where id = ? and user_id = ?`, [id, userId]);
    const [row] = await this.conn.execute<NotificationRow[]>(`${SELECT} where n.id = ? and n.user_id = ?`, [id, userId]);
    return row ? view(row) : undefined;
  }

  async markAllRead(userId: string): Promise<number> {
    const rows = await this.conn.execute<{ id: string }[]>(`update notification.notification set read_at = now() where user_id = ? and read_at is null returning id`, [userId]);
    return rows.length;
  }

  async choices(userIds: string[]): Promise<Map<string, ChannelChoice[]>> {
    const out = new Map<string, ChannelChoice[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return out;
    const rows = await this.conn.execute<{ user_id: string; kind: NotificationKind; email: boolean }[]>(
      `select user_id, kind, email from notification.preference where user_id = any(?::uuid[])`, [`{${userIds.join(',')}}`]);
    for (const r of rows) out.get(r.user_id)?.push({ kind: r.kind, email: r.email });
    return out;
  }

  async saveChoices(userId: string, choices: ChannelChoice[]): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      for (const c of choices) {
        await em.execute(`insert into notification.preference (user_id, kind, email) values (?, ?, ?)
          on conflict (user_id, kind) do update set email = excluded.email, updated_at = now()`, [userId, c.kind, c.email]);
      }
    });
  }
}

import { Injectable } from '@nestjs/common';
import { Actor, NotificationListQuery, NotificationView, Page, pageWindow, PreferencesView, ReadAllView, UnreadCountView, UpdatePreferencesDto } from '@yixiang/contracts';
import { fail, requireActor } from '@yixiang/common';
import { KIND_LABELS, preferencesOf, said } from '@yixiang/domain';
import { InboxRepository } from './inbox.repository';

/** A user's own inbox and channel choices: everyone signed in has one, and sees only their own. */
@Injectable()
export class InboxService {
  constructor(private readonly inbox: InboxRepository) {}

  async list(actor: Actor | null, query: NotificationListQuery): Promise<Page<NotificationView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const { items, total } = await this.inbox.page(a.userId, query.unread === true, pageSize, offset);
    return { items, total, page, pageSize };
  }

  async unread(actor: Actor | null): Promise<UnreadCountView> {
    return { unread: await this.inbox.unread(requireActor(actor).userId) };
  }

  async read(actor: Actor | null, id: string): Promise<NotificationView> {
    const found = await this.inbox.markRead(requireActor(actor).userId, String(id ?? ''));
    if (!found) fail('NOT_FOUND', said(`通知 ${id} 不存在`, `no such notification of yours: ${id}`));
    return found;
  }

  async readAll(actor: Actor | null): Promise<ReadAllView> {
    return { marked: await this.inbox.markAllRead(requireActor(actor).userId) };
  }

  async preferences(actor: Actor | null): Promise<PreferencesView> {
    const a = requireActor(actor);
    const choices = (await this.inbox.choices([a.userId])).get(a.userId) ?? [];
    return { items: preferencesOf(choices).map((p) => ({ ...p, label: KIND_LABELS[p.kind] })) };
  }

  async savePreferences(actor: Actor | null, data: UpdatePreferencesDto): Promise<PreferencesView> {
    const a = requireActor(actor);
    const kinds = data.preferences.map((p) => p.kind);
    if (new Set(kinds).size !== kinds.length) {
      fail('VALIDATION_FAILED', said('每种通知只能设置一次', 'each kind at most once'), { fields: [{ field: 'preferences', reason: said('有一种通知出现了两次', 'a kind appears twice') }] });
    }
    await this.inbox.saveChoices(a.userId, data.preferences.map((p) => ({ kind: p.kind, email: p.email })));
    return this.preferences(a);
  }
}

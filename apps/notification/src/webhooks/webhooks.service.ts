import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Actor, CreateWebhookDto, DeletedView, DeliveryView, Page, PageQuery, pageWindow, RobotsDto, RobotsView, WebhookCreatedView, WebhookView } from '@yixiang/contracts';
import { authorize, fail, requireActor } from '@yixiang/common';
import { can, deliveryUrlProblem, ROBOT_KINDS, UUID_PATTERN, said, noSuch, fieldLabel, fromLegacy } from '@yixiang/domain';
import { NotificationConfig } from '../config';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { DeliveryQueue } from '../deliveries/delivery-queue';
import { CatalogueClient } from '../events/catalogue.client';
import { WebhooksRepository } from './webhooks.repository';

/** Institutions' webhooks (with their delivery logs and replays) and group robots. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly queue: DeliveryQueue,
    private readonly catalogue: CatalogueClient,
    private readonly config: NotificationConfig,
  ) {}

  private checkUrl(field: string, url: string): void {
    const problem = deliveryUrlProblem(url, this.config.WEBHOOK_ALLOW_INTERNAL === 'true');
    if (problem) {
      // The problem is written "中文 (English)": each language its own part.
      const text = fromLegacy(problem, '网址无效');
      const reason = said(`${fieldLabel(field).zh}${text.zh}`, text.en);
      fail('VALIDATION_FAILED', said(`输入有误：${reason.zh}`, `${field}: ${text.en}`), { fields: [{ field, reason }] });
    }
  }

  async create(actor: Actor | null, data: CreateWebhookDto): Promise<WebhookCreatedView> {
    const a = requireActor(actor);
    const institutionId = data.institutionId ?? a.institutionId;
    if (!institutionId && a.role !== 'bureau') fail('FORBIDDEN', said('推送地址由单位管理员或科技局设置', 'webhooks are set up by an institution’s admin or the bureau'), { permission: 'webhook.manage' });
    if (!institutionId) fail('VALIDATION_FAILED', said('请指定单位', 'institutionId is required'), { fields: [{ field: 'institutionId', reason: said('没有所属单位的账号须指定单位', 'required for an account without an institution') }] });
    if (!UUID_PATTERN.test(institutionId)) fail('VALIDATION_FAILED', said('单位必须是有效的编号（UUID）', 'institutionId must be a UUID'), { fields: [{ field: 'institutionId', reason: said('不是有效的编号（UUID）', 'not a UUID') }] });
    authorize(a, 'webhook.manage', { institutionId });
    this.checkUrl('url', data.url);
    if (a.role === 'bureau') await this.catalogue.institution(a, institutionId);
    const secret = `whsec_${randomBytes(24).toString('hex')}`;
    const created = await this.webhooks.insert({
      id: randomUUID(), institutionId, url: data.url, events: data.events, secret, description: data.description ?? '', createdBy: a.userId,
    });
    return { ...created, secret };
  }

  async list(actor: Actor | null, query: PageQuery): Promise<Page<WebhookView>> {
    const a = requireActor(actor);
    const readsAll = a.role === 'bureau' || a.role === 'auditor';
    if (!readsAll) {
      if (!a.institutionId) fail('FORBIDDEN', said('单位的推送地址由其管理员管理', 'an institution’s webhooks are its admins’'));
      authorize(a, 'webhook.read', { institutionId: a.institutionId });
    }
    const { page, pageSize, offset } = pageWindow(query);
    const { items, total } = await this.webhooks.page(readsAll ? null : a.institutionId, pageSize, offset);
    return { items, total, page, pageSize };
  }

  /** A webhook the actor may read (404 for one of another institution: its existence is not theirs to know). */
  private async readable(a: Actor, id: string, includeDeleted: boolean) {
    const webhook = includeDeleted ? await this.webhooks.findAny(id) : await this.webhooks.find(id);
    if (!webhook) fail('NOT_FOUND', noSuch('推送地址', 'webhook', id));
    if (!can(a, 'webhook.read', { institutionId: webhook.institutionId })) fail('NOT_FOUND', noSuch('推送地址', 'webhook', id));
    return webhook;
  }

  async remove(actor: Actor | null, id: string): Promise<DeletedView> {
    const a = requireActor(actor);
    const webhook = await this.readable(a, id, false);
    authorize(a, 'webhook.manage', { institutionId: webhook.institutionId });
    await this.webhooks.softDelete(webhook.id);
    return { deleted: true };
  }

  async deliveriesOf(actor: Actor | null, id: string, query: PageQuery): Promise<Page<DeliveryView>> {
    const a = requireActor(actor);
    const webhook = await this.readable(a, id, true);
    const { page, pageSize, offset } = pageWindow(query ?? {});
    const { items, total } = await this.deliveries.pageOfWebhook(webhook.id, pageSize, offset);
    return { items, total, page, pageSize };
  }

  /** Sends a delivery's very content again, as a new delivery with a log of its own. */
  async replay(actor: Actor | null, id: string): Promise<DeliveryView> {
    const a = requireActor(actor);
    const original = await this.deliveries.find(String(id ?? ''));
    if (!original) fail('NOT_FOUND', noSuch('推送记录', 'delivery', id));
    const institutionId = original.institutionId;
    if (!institutionId || !can(a, 'webhook.read', { institutionId })) fail('NOT_FOUND', noSuch('推送记录', 'delivery', id));
    authorize(a, 'webhook.manage', { institutionId });
    if (original.channel !== 'email' && original.content.channel !== 'email') this.checkUrl('url', original.content.url);
    const replayId = randomUUID();
    await this.deliveries.replay(original, replayId);
    await this.queue.enqueue([replayId]);
    const view = await this.deliveries.view(replayId);
    if (!view) fail('INTERNAL', said('重发记录未能保存', 'the replay was not stored'));
    return view;
  }

  async robots(actor: Actor | null, institutionId: string): Promise<RobotsView> {
    const a = requireActor(actor);
    authorize(a, 'webhook.read', { institutionId });
    return this.webhooks.robots(institutionId);
  }

  async putRobots(actor: Actor | null, institutionId: string, data: RobotsDto): Promise<RobotsView> {
    const a = requireActor(actor);
    authorize(a, 'webhook.manage', { institutionId });
    for (const kind of ROBOT_KINDS) {
      const url = data[kind];
      if (typeof url === 'string') this.checkUrl(kind, url);
    }
    if (a.role === 'bureau') await this.catalogue.institution(a, institutionId);
    await this.webhooks.putRobots(institutionId, { wecom: data.wecom, dingtalk: data.dingtalk, feishu: data.feishu }, a.userId);
    return this.webhooks.robots(institutionId);
  }
}

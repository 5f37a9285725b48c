import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { createHash, randomUUID } from 'node:crypto';
import {
  Actor, CreateSampleOrderDto, Events, Page, pageWindow, SampleOrderActionDto, SampleOrderClickAction, SampleOrderListQuery, SampleOrderView,
  SampleReportFile, SampleReportUpload, SampleTurnaroundView,
} from '@yixiang/contracts';
import { authorize, can, fail, requireActor, SqlFilter } from '@yixiang/common';
import {
  medianTurnaroundMinutes, noSuch, reportFileName, said, SAMPLE_ORDER_TRANSITIONS, sampleUsageInterval, UUID_PATTERN,
  type SampleOrderAction, type SampleOrderState,
} from '@yixiang/domain';
import { instrumentRefusal } from '@yixiang/domain/booking';
import { BookingConfig } from '../config';
import { writeOutbox } from '../outbox/outbox.writer';
import { CatalogueClient } from '../shared/catalogue.client';
import { SampleOrderRow, sampleOrderView } from './sample-order.rows';
import { SampleOrdersRepository } from './sample-orders.repository';

export const BOOKING_REDIS = Symbol('BOOKING_REDIS');
/** A report waits in Redis this long for the gateway to send it (NATS messages are too small for files). */
const DOWNLOAD_TTL_SECONDS = 600;

/** States and steps as the pages name them, for the errors' Chinese. */
const STATE_ZH: Record<SampleOrderState, string> = {
  submitted: '已提交', accepted: '已受理', rejected: '已驳回', received: '已收样', testing: '检测中', report_issued: '已出报告', completed: '已完成', cancelled: '已取消',
};
const ACTION_ZH: Record<SampleOrderAction, string> = {
  accept: '受理', reject: '驳回', receive: '确认收样', 'start-testing': '开始检测', 'issue-report': '上传报告', complete: '确认完成', cancel: '取消',
};

/**
 * Sample orders (送样检测, issue 18): submission, the lab's steps, the report kept in PostgreSQL, and
 * the completed order's usage event. Who takes which step and from which state is libs/domain's
 * (SAMPLE_ORDER_TRANSITIONS); every step is one transaction around a conditional UPDATE on the
 * state it expects, so two clicks at once move an order once and the other is told why not.
 */
@Injectable()
export class SampleOrdersService {
  constructor(
    private readonly em: EntityManager,
    private readonly orders: SampleOrdersRepository,
    private readonly catalogue: CatalogueClient,
    private readonly config: BookingConfig,
    @Inject(BOOKING_REDIS) private readonly redis: Redis,
  ) {}

  async create(actor: Actor | null, dto: CreateSampleOrderDto): Promise<SampleOrderView> {
    const a = requireActor(actor);
    authorize(a, 'booking.create', { institutionId: a.institutionId });
    if (dto.sampleNames.length > dto.sampleCount) {
      fail('VALIDATION_FAILED', said(`样品名称有 ${dto.sampleNames.length} 个，多于样品数 ${dto.sampleCount}`, `${dto.sampleNames.length} sample names for ${dto.sampleCount} samples`), {
        fields: [{ field: 'sampleNames', reason: said(`至多 ${dto.sampleCount} 个（每个样品一个，或一批一个）`, `at most ${dto.sampleCount} (one per sample, or one per batch)`) }],
      });
    }
    const instrument = await this.catalogue.context(dto.instrumentId);
    const refusal = instrumentRefusal(instrument, a.institutionId, 'sample', new Date().toISOString().slice(0, 10));
    if (refusal === 'hidden') fail('NOT_FOUND', noSuch('仪器', 'instrument', dto.instrumentId));
    if (refusal) fail('RULE_VIOLATION', refusal.message, { rules: [refusal] });
    const id = randomUUID();
    await this.orders.insert({
      id, code: `SO-${id.replace(/-/g, '').slice(0, 12).toUpperCase()}`, instrumentId: instrument.instrumentId, instrumentCode: instrument.code,
      instrumentName: instrument.name, providerInstitutionId: instrument.institutionId, userId: a.userId,
      userInstitutionId: a.institutionId as string /* booking.create: the requester's institution */, sampleCount: dto.sampleCount,
      sampleNames: dto.sampleNames.map((n) => n.trim()), hazards: dto.hazards ?? [], hazardNotes: dto.hazardNotes?.trim() ?? null,
      requestedTests: dto.requestedTests.trim(), delivery: dto.delivery, trackingNumber: dto.delivery === 'courier' ? (dto.trackingNumber ?? null) : null,
      serviceCategory: dto.serviceCategory ?? 'testing', projectCode: dto.projectCode ?? null,
    });
    return sampleOrderView((await this.orders.find(id)) as SampleOrderRow);
  }

  async get(actor: Actor | null, id: string): Promise<SampleOrderView> {
    return sampleOrderView(await this.visible(requireActor(actor), id));
  }

  /** A requester's own orders; an institution's staff the orders on its instruments and of its people; the bureau and auditors all. */
  async list(actor: Actor | null, query: SampleOrderListQuery): Promise<Page<SampleOrderView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter().scopedTo(a, { provider: 'o.provider_institution_id', client: 'o.user_institution_id', user: 'o.user_id' }, await this.catalogue.regions.scopeOf(a));
    if (query.scope === 'mine') filter.and('o.user_id = ?', a.userId);
    if (query.scope === 'queue') {
      if (a.role === 'researcher') fail('FORBIDDEN', said('送样受理队列仅供仪器所属单位的工作人员查看', 'the sample queue is for the instrument’s institution’s staff'));
      if (a.role === 'operator' || a.role === 'institution_admin') filter.and('o.provider_institution_id = ?', a.institutionId);
    }
    if (query.instrumentId) {
      const instrumentId = UUID_PATTERN.test(query.instrumentId) ? query.instrumentId.toLowerCase() : (await this.catalogue.context(query.instrumentId)).instrumentId;
      filter.and('o.instrument_id = ?', instrumentId);
    }
    if (query.state) filter.and('o.state = ?', query.state);
    const { rows, total } = await this.orders.list(filter, pageSize, offset);
    return { items: rows.map(sampleOrderView), total, page, pageSize };
  }

  async transition(actor: Actor | null, id: string, action: SampleOrderClickAction, dto: SampleOrderActionDto): Promise<SampleOrderView> {
    const a = requireActor(actor);
    const order = await this.visible(a, id);
    this.authorizeStep(a, order, action);
    if (action === 'reject' && !dto.reason?.trim()) {
      fail('VALIDATION_FAILED', said('驳回送样须说明原因', 'a rejection needs a reason'), { fields: [{ field: 'reason', reason: said('驳回时必须填写', 'required to reject') }] });
    }
    const { from, to } = SAMPLE_ORDER_TRANSITIONS[action];
    if (!from.includes(order.state)) this.illegal(order, action);
    const moved = await this.em.transactional(async (em) => {
      if (!(await this.orders.changeState(em, id, from, to, dto.reason?.trim() || null))) return false;
      if (action === 'complete') {
        const done = (await this.orders.find(id, em)) as SampleOrderRow;
        const { start, end } = sampleUsageInterval(done.testing_at as Date, done.report_issued_at as Date);
        await writeOutbox(em, Events.sampleOrderCompleted, {
          eventId: randomUUID(), orderId: done.id, orderCode: done.code, instrumentId: done.instrument_id, providerInstitutionId: done.provider_institution_id,
          userId: done.user_id, userInstitutionId: done.user_institution_id, serviceCategory: done.service_category, start: start.toISOString(),
          end: end.toISOString(), samples: done.sample_count, projectCode: done.project_code,
        });
      }
      return true;
    });
    const after = (await this.orders.find(id)) as SampleOrderRow;
    if (!moved) this.illegal(after, action);
    return sampleOrderView(after);
  }

  /**
   * The operator's report: its bytes (left in Redis by the gateway) are stored with their SHA-256 in
   * the transaction that moves the order from testing to report_issued, so an issued order always
   * has its report and a second upload (or a second operator's at the same moment) is refused.
   */
  async uploadReport(actor: Actor | null, id: string, upload: SampleReportUpload): Promise<SampleOrderView> {
    const a = requireActor(actor);
    const order = await this.visible(a, id);
    this.authorizeStep(a, order, 'issue-report');
    const { from, to } = SAMPLE_ORDER_TRANSITIONS['issue-report'];
    if (!from.includes(order.state)) this.illegal(order, 'issue-report');
    const content = await this.redis.getBuffer(upload.blobKey);
    if (!content) fail('SERVICE_UNAVAILABLE', said('上传的报告在保存前已过期，请重新上传', 'the uploaded report expired before it was stored; upload it again'));
    const { fileName, contentType } = reportFileName(upload.fileName, upload.contentType);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const moved = await this.em.transactional(async (em) => {
      if (!(await this.orders.changeState(em, id, from, to, null))) return false;
      await this.orders.insertReport(em, id, { file_name: fileName, content_type: contentType, sha256, content }, a.userId);
      return true;
    });
    await this.redis.del(upload.blobKey);
    const after = (await this.orders.find(id)) as SampleOrderRow;
    if (!moved) this.illegal(after, 'issue-report');
    return sampleOrderView(after);
  }

  /** The report for whoever may see the order (the requester, both institutions' staff, the bureau, auditors), left in Redis for the gateway. */
  async downloadReport(actor: Actor | null, id: string): Promise<SampleReportFile> {
    const order = await this.visible(requireActor(actor), id);
    const report = await this.orders.report(order.id);
    if (!report) fail('NOT_FOUND', said(`送样单 ${order.code} 还没有检测报告（当前状态：${STATE_ZH[order.state]}）`, `sample order ${order.code} has no report yet (it is ${order.state})`));
    const blobKey = `${this.config.BULLMQ_PREFIX}:sample-report:${randomUUID()}`;
    await this.redis.set(blobKey, report.content, 'EX', DOWNLOAD_TTL_SECONDS);
    return { blobKey, fileName: report.file_name, contentType: report.content_type, size: report.content.length, sha256: report.sha256 };
  }

  /** Median minutes from receipt to report of an instrument's completed orders, for whoever may see the instrument. */
  async turnaround(actor: Actor | null, instrumentId: string): Promise<SampleTurnaroundView> {
    const a = requireActor(actor);
    const instrument = await this.catalogue.context(instrumentId);
    if (!can(a, 'instrument.read', { institutionId: instrument.institutionId, sharingStatus: instrument.sharingStatus })) fail('NOT_FOUND', noSuch('仪器', 'instrument', instrumentId));
    const reported = await this.orders.reported(instrument.instrumentId);
    return { instrumentId: instrument.instrumentId, orders: reported.length, medianMinutes: medianTurnaroundMinutes(reported) };
  }

  /** The order, if the caller may see it; otherwise it does not exist for them (404). */
  private async visible(a: Actor, id: string): Promise<SampleOrderRow> {
    const row = UUID_PATTERN.test(id) ? await this.orders.find(id.toLowerCase()) : null;
    if (!row) fail('NOT_FOUND', noSuch('送样单', 'sample order', id));
    const regions = await this.catalogue.regions.parties(a, row.provider_institution_id, row.user_institution_id);
    if (!can(a, 'booking.read', { providerInstitutionId: row.provider_institution_id, userInstitutionId: row.user_institution_id, userId: row.user_id, ...regions })) {
      fail('NOT_FOUND', noSuch('送样单', 'sample order', id));
    }
    return row;
  }

  private authorizeStep(a: Actor, order: SampleOrderRow, action: SampleOrderAction): void {
    const object = { providerInstitutionId: order.provider_institution_id, userId: order.user_id };
    authorize(a, SAMPLE_ORDER_TRANSITIONS[action].by === 'operator' ? 'sample-order.manage' : 'sample-order.close', object);
  }

  private illegal(order: SampleOrderRow, action: SampleOrderAction): never {
    const allowedFrom = SAMPLE_ORDER_TRANSITIONS[action].from;
    const inLab = action === 'cancel' && ['received', 'testing', 'report_issued'].includes(order.state);
    const message = inLab
      ? said(`送样单 ${order.code} 的样品已在实验室（${STATE_ZH[order.state]}），不能在线取消；请联系仪器操作员退样`, `the samples of order ${order.code} are already in the lab (${order.state}); it cannot be cancelled online — ask the operator to return them`)
      : said(`送样单 ${order.code} 当前状态为${STATE_ZH[order.state]}，不能${ACTION_ZH[action]}（仅限${allowedFrom.map((s) => STATE_ZH[s]).join('、')}状态）`,
        `sample order ${order.code} is ${order.state}; "${action}" is only possible from ${allowedFrom.join(' or ')}`);
    fail('ILLEGAL_TRANSITION', message, { state: order.state, action, allowedFrom });
  }
}

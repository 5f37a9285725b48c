import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CreateUsageDto, Page, pageWindow, SampleOrderCompletedEvent, UsageListQuery, UsageMonthlyQuery, UsageMonthView, UsageRecordedEvent, UsageView } from '@yixiang/contracts';
import { authorize, can, fail, PG_EXCLUSION_VIOLATION, pgCode, requireActor, SqlFilter, validationMessage } from '@yixiang/common';
import { manualUsageProblems, periodInterval, periodsOfYear, shanghaiMidnight, UUID_PATTERN, said, noSuch } from '@yixiang/domain';
import { CatalogueClient } from './catalogue.client';
import { FactsClient } from '../settlement/facts.client';
import { NewUsage, UsageRepository } from './usage.repository';
import { UsageRow, usageView } from './usage.rows';


@Injectable()
export class UsageService {
  private readonly logger = new Logger(UsageService.name);

  constructor(
    private readonly usage: UsageRepository,
    private readonly catalogue: CatalogueClient,
    private readonly facts: FactsClient,
  ) {}

  /**
   * A check-out, delivered at least once: the booking id is the record's source reference, so a
   * redelivery inserts nothing. A use that overlaps a completed record of the same instrument (a
   * late check-out running into the next session) is kept as `held` with the reason, never lost.
   * A terminal's use (issue 20) is keyed by its session instead: one session, one record, whether
   * it completed a booking or was an unbooked use an operator confirmed.
   */
  async recordCheckOut(event: UsageRecordedEvent): Promise<'recorded' | 'duplicate' | 'held'> {
    const terminal = event.source === 'terminal' && event.terminalSessionId ? event.terminalSessionId : null;
    const code = event.bookingCode ? `U-${event.bookingCode}` : `U-T-${(terminal ?? '').replace(/-/g, '').slice(0, 12).toUpperCase()}`;
    const usage: NewUsage = {
      code, instrumentId: event.instrumentId, providerInstitutionId: event.providerInstitutionId,
      userId: event.userId, userInstitutionId: event.userInstitutionId, serviceMode: event.serviceMode,
      serviceCategory: event.serviceCategory ?? 'research', start: new Date(event.start), end: new Date(event.end), samples: event.samples,
      source: terminal ? 'terminal' : 'check-out', sourceRef: terminal ?? (event.bookingId as string), bookingId: event.bookingId, voucherId: event.voucherId,
      projectCode: event.projectCode, reason: null, createdBy: null, fundAccountId: event.fundAccountId ?? null, fundAccountCode: event.fundAccountCode ?? null,
    };
    try {
      return (await this.usage.insert(usage, 'completed', randomUUID())) ? 'recorded' : 'duplicate';
    } catch (error) {
      if (pgCode(error) !== PG_EXCLUSION_VIOLATION) throw error;
      const clash = await this.usage.firstOverlap(usage.instrumentId, usage.start, usage.end);
      const reason = `overlaps usage record ${clash ?? 'of the same instrument'}; review and complete or void it`;
      this.logger.warn(`${terminal ? `terminal session ${terminal}` : `check-out of booking ${event.bookingCode}`} held: ${reason}`);
      return (await this.usage.insert({ ...usage, reason }, 'held', randomUUID())) ? 'held' : 'duplicate';
    }
  }

  /**
   * A completed sample order (issue 18), delivered at least once: one record of mode `sample` with
   * the order's sample count, keyed by the order, so a redelivery inserts nothing. Sample records
   * stand outside the no-overlap rule (several orders are tested in one run), so none is held.
   */
  async recordSampleOrder(event: SampleOrderCompletedEvent): Promise<'recorded' | 'duplicate'> {
    const usage: NewUsage = {
      code: `U-${event.orderCode}`, instrumentId: event.instrumentId, providerInstitutionId: event.providerInstitutionId,
      userId: event.userId, userInstitutionId: event.userInstitutionId, serviceMode: 'sample', serviceCategory: event.serviceCategory,
      start: new Date(event.start), end: new Date(event.end), samples: event.samples, source: 'sample-order', sourceRef: event.orderId,
      bookingId: null, voucherId: null, projectCode: event.projectCode, reason: null, createdBy: null,
    };
    return (await this.usage.insert(usage, 'completed', randomUUID())) ? 'recorded' : 'duplicate';
  }

  /** Manual entry by the instrument's staff, with the reason kept on the record. */
  async create(actor: Actor | null, dto: CreateUsageDto): Promise<UsageView> {
    const a = requireActor(actor);
    const instrument = await this.catalogue.instrument(dto.instrumentId);
    authorize(a, 'usage.create', { institutionId: instrument.institutionId });
    const user = await this.catalogue.affiliation({ userId: dto.userId, email: dto.userEmail });
    const start = new Date(dto.start);
    const end = new Date(dto.end);
    const bad = manualUsageProblems({ start, end, serviceMode: dto.serviceMode }, instrument, new Date());
    if (bad.length) fail('VALIDATION_FAILED', validationMessage(bad), { fields: bad });
    const id = randomUUID();
    const usage: NewUsage = {
      code: `U-M-${id.slice(0, 13).toUpperCase()}`, instrumentId: instrument.instrumentId, providerInstitutionId: instrument.institutionId,
      userId: user.userId, userInstitutionId: user.institutionId, serviceMode: dto.serviceMode, serviceCategory: dto.serviceCategory,
      start, end, samples: dto.samples ?? null, source: 'manual', sourceRef: id, bookingId: null, voucherId: null, projectCode: null,
      reason: dto.reason.trim(), createdBy: a.userId,
    };
    try {
      await this.usage.insert(usage, 'completed', id);
    } catch (error) {
      if (pgCode(error) !== PG_EXCLUSION_VIOLATION) throw error;
      const clash = await this.usage.firstOverlap(usage.instrumentId, start, end);
      fail('CONFLICT', said(`该仪器在这段时间已有已完成的使用记录${clash ? ` ${clash}` : ''}`, `the instrument already has a completed usage record ${clash ?? ''} in that time`.replace(/\s+in/, ' in')), { conflict: clash });
    }
    return this.get(a, id);
  }

  async get(actor: Actor | null, id: string): Promise<UsageView> {
    const a = requireActor(actor);
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', noSuch('使用记录', 'usage record', id));
    const row = await this.usage.find(id);
    if (!row || !(await this.canSee(a, row))) fail('NOT_FOUND', noSuch('使用记录', 'usage record', id));
    return usageView(row);
  }

  /** A researcher's own records; an institution's (its instruments and its people); all for the bureau and auditors. */
  async list(actor: Actor | null, query: UsageListQuery): Promise<Page<UsageView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter().scopedTo(a, { provider: 'provider_institution_id', client: 'user_institution_id', user: 'user_id' }, await this.facts.regions.scopeOf(a));
    if (query.instrumentId) {
      filter.and('instrument_id = ?', UUID_PATTERN.test(query.instrumentId) ? query.instrumentId.toLowerCase() : (await this.catalogue.instrument(query.instrumentId)).instrumentId);
    }
    if (query.status) filter.and('status = ?', query.status);
    if (query.source) filter.and('source = ?', query.source);
    if (query.period) {
      const { from, to } = periodInterval(query.period);
      filter.and('start_at >= ? and start_at < ?', from, to);
    }
    const { rows, total } = await this.usage.list(filter, pageSize, offset);
    return { items: rows.map(usageView), total, page, pageSize };
  }

  /**
   * Utilisation month by month: completed usage of the instruments an institution provides (its
   * admins and operators), or of every instrument (bureau, auditor). Months are Asia/Shanghai months
   * of the start, as everywhere in billing; a month without usage is reported with zeros.
   */
  async monthly(actor: Actor | null, query: UsageMonthlyQuery): Promise<UsageMonthView[]> {
    const a = requireActor(actor);
    authorize(a, 'usage.monthly', {});
    const scoped = a.role === 'institution_admin' || a.role === 'operator';
    const rows = await this.usage.monthly(shanghaiMidnight(`${query.year}-01-01`), shanghaiMidnight(`${query.year + 1}-01-01`), scoped ? a.institutionId : null);
    const byPeriod = new Map(rows.map((r) => [r.period, r]));
    return periodsOfYear(query.year).map((period) => {
      const r = byPeriod.get(period);
      return { period, records: Number(r?.records ?? 0), minutes: Number(r?.minutes ?? 0), externalMinutes: Number(r?.external_minutes ?? 0), instruments: Number(r?.instruments ?? 0) };
    });
  }

  private async canSee(actor: Actor, row: UsageRow): Promise<boolean> {
    const regions = await this.facts.regions.parties(actor, row.provider_institution_id, row.user_institution_id);
    return can(actor, 'usage.read', { providerInstitutionId: row.provider_institution_id, userInstitutionId: row.user_institution_id, userId: row.user_id, ...regions });
  }
}

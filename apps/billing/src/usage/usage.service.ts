import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CreateUsageDto, Page, pageWindow, UsageListQuery, UsageMonthlyQuery, UsageMonthView, UsageRecordedEvent, UsageView } from '@yixiang/contracts';
import { authorize, can, fail, PG_EXCLUSION_VIOLATION, pgCode, requireActor, retryOnDeadlock } from '@yixiang/common';
import { shanghaiMidnight, UUID_PATTERN } from '@yixiang/domain';
import { CatalogueClient } from './catalogue.client';
import { USAGE_COLUMNS, UsageRow, usageView } from './usage.rows';

interface NewUsage {
  code: string; instrumentId: string; providerInstitutionId: string; userId: string; userInstitutionId: string;
  serviceMode: string; serviceCategory: string; start: Date; end: Date; samples: number | null;
  source: 'check-out' | 'import' | 'manual'; sourceRef: string; bookingId: string | null; voucherId: string | null;
  projectCode: string | null; reason: string | null; createdBy: string | null;
}

@Injectable()
export class UsageService {
  private readonly logger = new Logger(UsageService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly catalogue: CatalogueClient,
  ) {}

  /**
   * A check-out, delivered at least once: the booking id is the record's source reference, so a
   * redelivery inserts nothing. A use that overlaps a completed record of the same instrument (a
   * late check-out running into the next session) is kept as `held` with the reason, never lost.
   */
  async recordCheckOut(event: UsageRecordedEvent): Promise<'recorded' | 'duplicate' | 'held'> {
    const usage: NewUsage = {
      code: `U-${event.bookingCode}`, instrumentId: event.instrumentId, providerInstitutionId: event.providerInstitutionId,
      userId: event.userId, userInstitutionId: event.userInstitutionId, serviceMode: event.serviceMode,
      serviceCategory: event.serviceCategory ?? 'research', start: new Date(event.start), end: new Date(event.end), samples: event.samples,
      source: 'check-out', sourceRef: event.bookingId, bookingId: event.bookingId, voucherId: event.voucherId, projectCode: event.projectCode,
      reason: null, createdBy: null,
    };
    try {
      return (await this.insert(usage, 'completed')) ? 'recorded' : 'duplicate';
    } catch (error) {
      if (pgCode(error) !== PG_EXCLUSION_VIOLATION) throw error;
      const clash = await this.overlapping(usage.instrumentId, usage.start, usage.end);
      const reason = `overlaps usage record ${clash ?? 'of the same instrument'}; review and complete or void it`;
      this.logger.warn(`check-out of booking ${event.bookingCode} held: ${reason}`);
      return (await this.insert({ ...usage, reason }, 'held')) ? 'held' : 'duplicate';
    }
  }

  /** Manual entry by the instrument's staff, with the reason kept on the record. */
  async create(actor: Actor | null, dto: CreateUsageDto): Promise<UsageView> {
    const a = requireActor(actor);
    const instrument = await this.catalogue.instrument(dto.instrumentId);
    authorize(a, 'usage.create', { institutionId: instrument.institutionId });
    const user = await this.catalogue.affiliation({ userId: dto.userId, email: dto.userEmail });
    const start = new Date(dto.start);
    const end = new Date(dto.end);
    const bad: { field: string; reason: string }[] = [];
    if (!(end > start)) bad.push({ field: 'end', reason: 'end must be after start' });
    if (start.getTime() % 60000 !== 0) bad.push({ field: 'start', reason: 'usage is recorded in whole minutes' });
    if (end.getTime() % 60000 !== 0) bad.push({ field: 'end', reason: 'usage is recorded in whole minutes' });
    if (end.getTime() > Date.now()) bad.push({ field: 'end', reason: 'usage records what happened; end is in the future' });
    if (!instrument.serviceModes.includes(dto.serviceMode)) bad.push({ field: 'serviceMode', reason: `${instrument.code} offers ${instrument.serviceModes.join(', ')}` });
    if (bad.length) fail('VALIDATION_FAILED', bad.map((b) => `${b.field}: ${b.reason}`).join('; '), { fields: bad });
    const id = randomUUID();
    const usage: NewUsage = {
      code: `U-M-${id.slice(0, 13).toUpperCase()}`, instrumentId: instrument.instrumentId, providerInstitutionId: instrument.institutionId,
      userId: user.userId, userInstitutionId: user.institutionId, serviceMode: dto.serviceMode, serviceCategory: dto.serviceCategory,
      start, end, samples: dto.samples ?? null, source: 'manual', sourceRef: id, bookingId: null, voucherId: null, projectCode: null,
      reason: dto.reason.trim(), createdBy: a.userId,
    };
    try {
      await this.insert(usage, 'completed', id);
    } catch (error) {
      if (pgCode(error) !== PG_EXCLUSION_VIOLATION) throw error;
      const clash = await this.overlapping(usage.instrumentId, start, end);
      fail('CONFLICT', `the instrument already has a completed usage record ${clash ?? ''} in that time`.replace(/\s+in/, ' in'), { conflict: clash });
    }
    return this.get(a, id);
  }

  async get(actor: Actor | null, id: string): Promise<UsageView> {
    const a = requireActor(actor);
    if (!UUID_PATTERN.test(id)) fail('NOT_FOUND', `usage record ${id} does not exist`);
    const [row] = await this.em.getConnection().execute<UsageRow[]>(`select ${USAGE_COLUMNS} from billing.usage_record where id = ?`, [id]);
    if (!row || !this.canSee(a, row)) fail('NOT_FOUND', `usage record ${id} does not exist`);
    return usageView(row);
  }

  /** A researcher's own records; an institution's (its instruments and its people); all for the bureau and auditors. */
  async list(actor: Actor | null, query: UsageListQuery): Promise<Page<UsageView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const where: string[] = ['true'];
    const params: unknown[] = [];
    if (a.role === 'researcher') {
      where.push('user_id = ?');
      params.push(a.userId);
    } else if (a.role === 'institution_admin' || a.role === 'operator') {
      where.push('(provider_institution_id = ? or user_institution_id = ?)');
      params.push(a.institutionId, a.institutionId);
    }
    if (query.instrumentId) {
      where.push('instrument_id = ?');
      params.push(UUID_PATTERN.test(query.instrumentId) ? query.instrumentId.toLowerCase() : (await this.catalogue.instrument(query.instrumentId)).instrumentId);
    }
    if (query.status) {
      where.push('status = ?');
      params.push(query.status);
    }
    if (query.source) {
      where.push('source = ?');
      params.push(query.source);
    }
    if (query.period) {
      const [y, m] = query.period.split('-').map(Number);
      const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
      where.push('start_at >= ? and start_at < ?');
      params.push(shanghaiMidnight(`${query.period}-01`), shanghaiMidnight(`${next}-01`));
    }
    const clause = where.join(' and ');
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<UsageRow[]>(`select ${USAGE_COLUMNS} from billing.usage_record where ${clause} order by start_at, code limit ? offset ?`, [...params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from billing.usage_record where ${clause}`, params),
    ]);
    return { items: rows.map(usageView), total: Number(total), page, pageSize };
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
    const rows = await this.em.getConnection().execute<{ period: string; records: string; minutes: string; external_minutes: string; instruments: string }[]>(
      `select to_char(start_at at time zone 'Asia/Shanghai', 'YYYY-MM') as period, count(*) as records,
         sum(extract(epoch from end_at - start_at)::bigint / 60) as minutes,
         coalesce(sum(extract(epoch from end_at - start_at)::bigint / 60) filter (where user_institution_id <> provider_institution_id), 0) as external_minutes,
         count(distinct instrument_id) as instruments
       from billing.usage_record
       where status = 'completed' and start_at >= ? and start_at < ?${scoped ? ' and provider_institution_id = ?' : ''}
       group by 1`,
      [shanghaiMidnight(`${query.year}-01-01`), shanghaiMidnight(`${query.year + 1}-01-01`), ...(scoped ? [a.institutionId] : [])],
    );
    const byPeriod = new Map(rows.map((r) => [r.period, r]));
    return Array.from({ length: 12 }, (_, i) => {
      const period = `${query.year}-${String(i + 1).padStart(2, '0')}`;
      const r = byPeriod.get(period);
      return { period, records: Number(r?.records ?? 0), minutes: Number(r?.minutes ?? 0), externalMinutes: Number(r?.external_minutes ?? 0), instruments: Number(r?.instruments ?? 0) };
    });
  }

  private canSee(actor: Actor, row: UsageRow): boolean {
    return can(actor, 'usage.read', { providerInstitutionId: row.provider_institution_id, userInstitutionId: row.user_institution_id, userId: row.user_id });
  }

  private async insert(u: NewUsage, status: 'completed' | 'held', id: string = randomUUID()): Promise<boolean> {
    // One statement; two simultaneous overlapping records can deadlock on the exclusion constraint (see retryOnDeadlock).
    const inserted = await retryOnDeadlock(() => this.em.getConnection().execute<{ id: string }[]>(
      `insert into billing.usage_record (id, code, instrument_id, provider_institution_id, user_id, user_institution_id, service_mode,
         service_category, start_at, end_at, samples, status, source, source_ref, booking_id, voucher_id, project_code, reason, created_by)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (source, source_ref) do nothing returning id`,
      [id, u.code, u.instrumentId, u.providerInstitutionId, u.userId, u.userInstitutionId, u.serviceMode, u.serviceCategory, u.start, u.end,
        u.samples, status, u.source, u.sourceRef, u.bookingId, u.voucherId, u.projectCode, u.reason, u.createdBy]));
    return inserted.length > 0;
  }

  private async overlapping(instrumentId: string, start: Date, end: Date): Promise<string | null> {
    const [row] = await this.em.getConnection().execute<{ code: string }[]>(
      `select code from billing.usage_record where instrument_id = ? and status = 'completed' and period && tstzrange(?, ?, '[)') order by start_at limit 1`,
      [instrumentId, start, end]);
    return row?.code ?? null;
  }
}

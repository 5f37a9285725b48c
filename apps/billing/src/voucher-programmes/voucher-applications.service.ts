import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Actor, ApproveVoucherApplicationDto, CreateVoucherApplicationDto, Events, Page, pageWindow, RejectVoucherApplicationDto, VoucherApplicationEventBase,
  VoucherApplicationQuery, VoucherApplicationView,
} from '@yixiang/contracts';
import { AuditTrail, authorize, can, fail, requireActor, SqlFilter } from '@yixiang/common';
import { applicationRefusal, commitmentRefusal, ProgrammeTerms, said, noSuch, yuanText } from '@yixiang/domain';
import { writeOutbox } from '../outbox/outbox.writer';
import { FactsClient } from '../settlement/facts.client';
import { regionOf } from './region';
import { ApplicationRow, applicationView, ProgrammeRow, VoucherProgrammesRepository } from './voucher-programmes.repository';

const terms = (p: ProgrammeRow): ProgrammeTerms => ({
  code: p.code, budgetFen: BigInt(p.budget_fen), perApplicationCapFen: BigInt(p.per_application_cap_fen), perHolderYearCapFen: BigInt(p.per_holder_year_cap_fen),
  applicantKinds: p.applicant_kinds, applicantRegions: p.applicant_regions, validFrom: new Date(p.valid_from), validTo: new Date(p.valid_to),
});

const applicationObject = (r: ApplicationRow) => ({ institutionId: r.applicant_institution_id, userId: r.applicant_user_id, issuingRegion: r.issuing_region });

/** What both decisions' events say of a decided application (read back in the decision's transaction). */
function decidedEvent(r: ApplicationRow): VoucherApplicationEventBase {
  const decidedAt = new Date(r.decided_at as Date | string).toISOString();
  return {
    eventId: randomUUID(), occurredAt: decidedAt, applicationId: r.id, programmeId: r.programme_id, programmeCode: r.programme_code,
    programmeName: r.programme_name, issuingRegion: r.issuing_region, applicantUserId: r.applicant_user_id, applicantInstitutionId: r.applicant_institution_id,
    requestedFen: Number(r.amount_fen), decidedAt,
  };
}

/** 申领 → 审核: an institution applies to a programme; the programme's bureau approves (issuing a voucher) or rejects. */
@Injectable()
export class VoucherApplicationsService {
  constructor(
    private readonly programmes: VoucherProgrammesRepository,
    private readonly facts: FactsClient,
    private readonly audit: AuditTrail,
  ) {}

  async create(actor: Actor | null, dto: CreateVoucherApplicationDto): Promise<VoucherApplicationView> {
    const a = authorize(actor, 'voucher-application.create', { institutionId: requireActor(actor).institutionId });
    const programme = await this.programmes.findProgramme(dto.programmeId);
    if (!programme) fail('NOT_FOUND', noSuch('创新券项目', 'voucher programme', dto.programmeId));
    const institution = (await this.facts.facts([], [a.institutionId as string])).institutions[0];
    if (!institution) fail('NOT_FOUND', said('您的单位不在目录中', 'your institution is not in the catalogue'));
    const refusal = applicationRefusal(terms(programme), { kind: institution.kind ?? '', region: institution.region ?? null }, BigInt(dto.amountFen), new Date());
    if (refusal) fail('RULE_VIOLATION', refusal.message, { rules: [refusal] });
    const id = randomUUID();
    await this.programmes.insertApplication({
      id, programmeId: programme.id, applicantInstitutionId: institution.id, applicantUserId: a.userId, amountFen: dto.amountFen, project: dto.project,
    });
    return this.view(id);
  }

  /** A researcher's own applications, an admin's institution's, a regional bureau's queue of its region, all for a joint officer or auditor. */
  async list(actor: Actor | null, query: VoucherApplicationQuery): Promise<Page<VoucherApplicationView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter();
    if (a.role === 'bureau') {
      const region = regionOf(a);
      if (region !== null) filter.and('p.issuing_region = ?', region);
    } else if (a.role === 'researcher') filter.and('a.applicant_user_id = ?', a.userId);
    else if (a.role === 'institution_admin') filter.and('a.applicant_institution_id = ?', a.institutionId);
    else if (a.role !== 'auditor') filter.and('false');
    if (query.state) filter.and('a.state = ?', query.state);
    if (query.programmeId) filter.and('a.programme_id = ?', query.programmeId);
    const { rows, total } = await this.programmes.listApplications(filter, pageSize, offset);
    return { items: rows.map(applicationView), total, page, pageSize };
  }

  async get(actor: Actor | null, id: string): Promise<VoucherApplicationView> {
    const row = await this.programmes.findApplication(id);
    if (!row) fail('NOT_FOUND', noSuch('创新券申请', 'voucher application', id));
    authorize(actor, 'voucher-application.read', applicationObject(row), noSuch('创新券申请', 'voucher application', id));
    return applicationView(row);
  }

  /**
   * Approves `amountFen` (at most what was asked) and issues the voucher, in one transaction: the application
   * row is locked, then the programme's budget and the holder's cap are committed by conditional updates, so
   * that whatever the concurrency the budget is never exceeded nor a cap broken; a refusal rolls it all back.
   */
  async approve(actor: Actor | null, id: string, dto: ApproveVoucherApplicationDto): Promise<VoucherApplicationView> {
    const a = await this.decider(actor, id);
    await this.programmes.transaction(async (em) => {
      const app = await this.programmes.lockApplication(em, id);
      if (!app) fail('NOT_FOUND', noSuch('创新券申请', 'voucher application', id));
      if (app.state !== 'submitted') fail('ILLEGAL_TRANSITION', said(`申请已${app.state === 'approved' ? '批准' : '驳回'}，不能再次审批`, `the application is already ${app.state}`), { state: app.state });
      const row = (await this.programmes.findApplication(id, em)) as ApplicationRow;
      const programme = (await this.programmes.findProgramme(row.programme_id, em)) as ProgrammeRow;
      if (dto.amountFen > Number(app.amount_fen)) {
        const message = said(`批准金额不得超过申请金额 ${yuanText(Number(app.amount_fen))} 元`, `the amount approved may not exceed the ${app.amount_fen} fen asked for`);
        fail('RULE_VIOLATION', message, { rules: [{ rule: 'more-than-asked', message }] });
      }
      if (Date.now() >= new Date(programme.valid_to).getTime()) {
        const message = said(`计划 ${programme.code} 已结束`, 'the programme has ended');
        fail('RULE_VIOLATION', message, { rules: [{ rule: 'programme-ended', message }] });
      }
      const budget = await this.programmes.commitBudget(em, programme.id, dto.amountFen);
      const holder = budget && (await this.programmes.commitHolder(em, programme.id, app.applicant_institution_id, dto.amountFen));
      if (!budget || !holder) {
        const c = await this.programmes.commitment(em, programme.id, app.applicant_institution_id);
        // The database refused; the same arithmetic names the rule and what is left (the holder's part is
        // read after this approval's own budget commitment, which the rollback undoes).
        const refusal = commitmentRefusal({
          budgetFen: BigInt(c.budget_fen), committedFen: BigInt(c.committed_fen) - (budget ? BigInt(dto.amountFen) : 0n),
          perApplicationCapFen: BigInt(c.per_application_cap_fen), perHolderYearCapFen: BigInt(c.per_holder_year_cap_fen),
          holderCommittedFen: BigInt(c.holder_committed_fen),
        }, BigInt(dto.amountFen)) ?? { rule: budget ? 'per-holder-cap' : 'budget', leftFen: 0n, message: said('批准金额超出预算或额度', 'the approval does not fit the budget or caps') };
        fail('RULE_VIOLATION', refusal.message, { rules: [{ rule: refusal.rule, message: refusal.message, leftFen: Number(refusal.leftFen) }] });
      }
      const voucherId = randomUUID();
      await this.programmes.issueVoucher(em, {
        id: voucherId, code: `${programme.code.slice(0, 40)}-${app.seq}`, programmeId: programme.id, holderInstitutionId: app.applicant_institution_id,
        amountFen: dto.amountFen, createdBy: a.userId,
      });
      await this.programmes.markApproved(em, id, dto.amountFen, voucherId, a.userId);
      // The applicant hears of it (issue 19) if and only if the approval commits.
      const decided = (await this.programmes.findApplication(id, em)) as ApplicationRow;
      await writeOutbox(em, Events.voucherApplicationApproved, {
        ...decidedEvent(decided), amountFen: dto.amountFen, voucherId, voucherCode: decided.voucher_code as string,
      });
      await this.audit.append(em, { actor: a, action: 'voucher-application.approve', objectType: 'voucher-application', objectId: id, before: applicationView(row), after: applicationView(decided) });
    });
    return this.view(id);
  }

  async reject(actor: Actor | null, id: string, dto: RejectVoucherApplicationDto): Promise<VoucherApplicationView> {
    const a = await this.decider(actor, id);
    await this.programmes.transaction(async (em) => {
      const before = await this.programmes.findApplication(id, em);
      if (!(await this.programmes.reject(em, id, dto.reason, a.userId))) {
        const now = await this.programmes.findApplication(id, em);
        fail('ILLEGAL_TRANSITION', said(`申请已${now?.state === 'approved' ? '批准' : now?.state === 'rejected' ? '驳回' : '不存在'}`, `the application is already ${now?.state ?? 'gone'}`), { state: now?.state ?? null });
      }
      const decided = (await this.programmes.findApplication(id, em)) as ApplicationRow;
      await writeOutbox(em, Events.voucherApplicationRejected, { ...decidedEvent(decided), reason: dto.reason });
      await this.audit.append(em, {
        actor: a, action: 'voucher-application.reject', objectType: 'voucher-application', objectId: id, before: before ? applicationView(before) : null, after: applicationView(decided),
      });
    });
    return this.view(id);
  }

  /**
   * Who may decide: the bureau of the programme's region. A bureau officer of another region is told so
   * (403); anyone else who cannot even read the application finds nothing (404).
   */
  private async decider(actor: Actor | null, id: string): Promise<Actor> {
    const a = requireActor(actor);
    const row = await this.programmes.findApplication(id);
    if (!row) fail('NOT_FOUND', noSuch('创新券申请', 'voucher application', id));
    if (a.role !== 'bureau' && !can(a, 'voucher-application.read', applicationObject(row))) fail('NOT_FOUND', noSuch('创新券申请', 'voucher application', id));
    return authorize(a, 'voucher-application.decide', { issuingRegion: row.issuing_region });
  }

  private async view(id: string): Promise<VoucherApplicationView> {
    const row = await this.programmes.findApplication(id);
    if (!row) fail('NOT_FOUND', noSuch('创新券申请', 'voucher application', id));
    return applicationView(row);
  }
}

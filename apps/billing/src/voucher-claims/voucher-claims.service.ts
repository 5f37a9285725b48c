import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import {
  Actor, ClaimableQuery, ClaimableView, CreateVoucherClaimDto, Events, ExportedFile, Page, pageWindow, PayVoucherClaimDto, ProgrammeLedgerView, RejectVoucherClaimDto,
  VoucherClaimDetail, VoucherClaimEventBase, VoucherClaimListQuery, VoucherClaimView,
} from '@yixiang/contracts';
import { AuditTrail, authorize, fail, PG_UNIQUE_VIOLATION, pgCode, requireActor, SqlFilter, writeWorkbook, XLSX_CONTENT_TYPE } from '@yixiang/common';
import { ClaimAction, claimTransition, holderCover, programmeLedger, selectProviderClaimLines, VoucherClaimObject, VOUCHER_LEDGER_SHEET, type Said, said, noSuch } from '@yixiang/domain';
import { BillingConfig } from '../config';
import { BILLING_REDIS } from '../exports/exports.service';
import { writeOutbox } from '../outbox/outbox.writer';
import { FactsClient } from '../settlement/facts.client';
import { CLAIM_OF_PROGRAMME, claimLineView, ClaimRow, claimView, VoucherClaimsRepository } from './voucher-claims.repository';

const EXPORT_TTL_SECONDS = 600;
export const LEDGER_COLUMNS = ['voucherCode', 'holderInstitutionCode', 'validTo', 'issuedFen', 'drawnFen', 'claimedFen', 'paidFen', 'expiredFen', 'balanceFen'] as const;

const claimObject = (r: ClaimRow): VoucherClaimObject => ({ claimantInstitutionId: r.claimant_institution_id, issuingRegion: r.issuing_region });
/** What every decision's event says of the claim (its view after the decision). */
const claimEvent = (v: VoucherClaimView, at: string): VoucherClaimEventBase => ({
  eventId: randomUUID(), occurredAt: at, claimId: v.id, claimCode: v.code, kind: v.kind, claimantInstitutionId: v.claimantInstitutionId,
  issuingRegion: v.issuingRegion, programmeId: v.programmeId, month: v.month, amountFen: v.amountFen,
});
const yuan = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

/** A 422 naming the rule (as the other services' refusals do: details.rules) and the figures behind it. */
function refuse(rule: string, message: Said, details: Record<string, unknown> = {}): never {
  fail('RULE_VIOLATION', message, { rules: [{ rule, message }], ...details });
}

/**
 * Reimbursement (兑付) of programme vouchers: a provider claims its draws from the issuing bureau, a
 * holder the covered part of its paid statements; the issuing bureau approves, rejects, pays. Each
 * claim is made in one transaction, one claimant at a time, and the unique index on live lines keeps
 * a charge from being claimed twice even so.
 */
@Injectable()
export class VoucherClaimsService {
  constructor(
    private readonly em: EntityManager,
    private readonly claims: VoucherClaimsRepository,
    private readonly facts: FactsClient,
    private readonly config: BillingConfig,
    @Inject(BILLING_REDIS) private readonly redis: Redis,
    private readonly audit: AuditTrail,
  ) {}

  async create(actor: Actor | null, dto: CreateVoucherClaimDto): Promise<VoucherClaimDetail> {
    const a = requireActor(actor);
    authorize(a, 'voucher-claim.create', { institutionId: a.institutionId ?? '' });
    const claimant = a.institutionId as string;
    const wrong = dto.kind === 'provider' ? (['programmeId', 'statementIds'] as const) : (['month', 'issuingRegion', 'amountFen'] as const);
    const given = wrong.filter((f) => dto[f] !== undefined);
    if (given.length) {
      fail('VALIDATION_FAILED', said(`${dto.kind} 类兑付申请不接受 ${given.join('、')}`, `a ${dto.kind} claim does not take ${given.join(', ')}`), { fields: given.map((field) => ({ field, reason: said(`${dto.kind} 类兑付申请不用此项`, `not for a ${dto.kind} claim`) })) });
    }
    const id = randomUUID();
    try {
      await this.em.fork().transactional(async (em) => {
        await this.claims.lockClaimant(em, claimant);
        if (dto.kind === 'provider') await this.provider(em, id, a, claimant, dto);
        else await this.holder(em, id, a, claimant, dto);
      });
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) fail('CONFLICT', said('部分明细已被其他兑付申请占用，请重试', 'some of these lines were claimed meanwhile by another claim; ask again'));
      throw error;
    }
    return this.get(a, id);
  }

  private async provider(em: EntityManager, id: string, a: Actor, claimant: string, dto: CreateVoucherClaimDto): Promise<void> {
    const month = dto.month as string;
    const region = dto.issuingRegion as string;
    const rows = await this.claims.drawnUnclaimed(em, claimant, month, region);
    const selection = selectProviderClaimLines(
      rows.map((r) => ({ usageCode: r.code, start: new Date(r.start_at), drawnFen: BigInt(r.voucher_fen) })),
      dto.amountFen === undefined ? null : BigInt(dto.amountFen));
    if (!selection.ok) {
      const figures = { month, issuingRegion: region, availableFen: Number(selection.availableFen), requestedFen: selection.requestedFen === null ? null : Number(selection.requestedFen) };
      if (selection.reason === 'exceeds-available') {
        refuse('claim-exceeds-drawn', said(`申请兑付 ${yuan(selection.requestedFen as bigint)} 元，超过已抵扣且未申请的 ${yuan(selection.availableFen)} 元`, `the claim asks for ${selection.requestedFen} fen but only ${selection.availableFen} fen were drawn and not yet claimed in ${month} on ${region} vouchers`), { ...figures });
      }
      if (selection.reason === 'no-whole-line') {
        refuse('claim-whole-lines', said(`金额不足以包含任何一笔完整明细`, `no whole charge fits in ${selection.requestedFen} fen (${selection.availableFen} fen are claimable); a charge is never split between claims`), { ...figures });
      }
      const drafts = await this.claims.drawnInDrafts(em, claimant, month, region);
      refuse('claim-nothing', said(`无可兑付金额：${month} 您的费用中没有使用 ${region} 地区项目的创新券抵扣，或已申请兑付${drafts ? `；有 ${drafts} 笔已抵扣的费用仍在草稿结算单中，请先开具` : ''}`, `nothing to claim: no voucher of a ${region} programme was drawn on your charges of ${month}, or it is claimed already${drafts ? `; ${drafts} drawn charges are in draft statements — issue them first` : ''}`), { ...figures, draftCharges: drafts });
    }
    const byCode = new Map(rows.map((r) => [r.code, r]));
    await this.claims.insertClaim(em, {
      id, kind: 'provider', claimantId: claimant, issuingRegion: region, programmeId: null, period: month, amountFen: selection.totalFen, createdBy: a.userId,
      lines: selection.lines.map((l) => {
        const r = byCode.get(l.usageCode)!;
        return { usageRecordId: r.usage_record_id, voucherId: r.voucher_id, amountFen: l.drawnFen };
      }),
    });
  }

  private async holder(em: EntityManager, id: string, a: Actor, claimant: string, dto: CreateVoucherClaimDto): Promise<void> {
    const programme = await this.claims.programme(em, dto.programmeId as string);
    if (!programme) fail('NOT_FOUND', noSuch('创新券项目', 'voucher programme', dto.programmeId));
    if (programme.mode !== 'holder-reimbursed') {
      refuse('claim-mode', said(`该项目为通兑模式，由服务机构申请兑付`, `programme ${programme.code} is provider-redeemed: its providers claim the draws, not the holder`), { mode: programme.mode });
    }
    const vouchers = await this.claims.holderVouchers(em, programme.id, claimant);
    if (!vouchers.length) refuse('claim-no-voucher', said(`本单位未持有该项目的创新券`, `your institution holds no voucher of programme ${programme.code}`), {});
    let statementIds: string[] | null = null;
    if (dto.statementIds) {
      statementIds = [...new Set(dto.statementIds)];
      const paid = new Set(await this.claims.paidStatementsOf(em, claimant, statementIds));
      const other = statementIds.filter((s) => !paid.has(s));
      if (other.length) {
        refuse('claim-paid-statements', said(`只能就本单位已付款的结算单申请`, `only your own paid statements can be claimed; not: ${other.join(', ')}`), { statementIds: other });
      }
    }
    const lines = await this.claims.paidUnclaimed(em, claimant, statementIds);
    const providers = [...new Set(lines.map((l) => l.provider_institution_id))];
    const regions = new Map((await this.facts.facts([], providers)).institutions.map((i) => [i.id, i.region ?? null]));
    const { covered, uncovered } = holderCover(
      vouchers.map((v) => ({
        code: v.code, holderInstitutionCode: v.holder_institution_id, faceValueFen: BigInt(v.face_value_fen), coverBps: v.cover_bps,
        perUseCapFen: v.per_use_cap_fen === null ? null : BigInt(v.per_use_cap_fen), validFrom: new Date(v.valid_from),
        validTo: v.valid_to === null ? null : new Date(v.valid_to), providerRegions: v.provider_regions ?? [],
      })),
      lines.map((l) => ({
        usageCode: l.code, start: new Date(l.start_at), amountFen: BigInt(l.amount_fen), external: l.external, serviceCategory: l.service_category,
        userInstitutionCode: l.user_institution_id, providerRegion: regions.get(l.provider_institution_id) ?? null,
        voucherCode: l.voucher_id === null ? null : (vouchers.find((v) => v.id === l.voucher_id)?.code ?? `(another voucher ${l.voucher_id})`),
      })),
      new Map(vouchers.map((v) => [v.code, BigInt(v.claimed)])));
    if (!covered.length) {
      refuse('claim-nothing', said(`无可报销金额`, `nothing to claim: no unclaimed line of your paid statements is covered by your vouchers of ${programme.code}`), { uncovered: uncovered.slice(0, 20) });
    }
    const voucherId = new Map(vouchers.map((v) => [v.code, v.id]));
    const usageId = new Map(lines.map((l) => [l.code, l.usage_record_id]));
    await this.claims.insertClaim(em, {
      id, kind: 'holder', claimantId: claimant, issuingRegion: programme.issuing_region, programmeId: programme.id, period: null,
      amountFen: covered.reduce((s, c) => s + c.coverFen, 0n), createdBy: a.userId,
      lines: covered.map((c) => ({ usageRecordId: usageId.get(c.usageCode)!, voucherId: voucherId.get(c.voucherCode)!, amountFen: c.coverFen })),
    });
  }

  /** What the provider admin's institution may claim for a month, from each issuing region. */
  async claimable(actor: Actor | null, query: ClaimableQuery): Promise<ClaimableView[]> {
    const a = requireActor(actor);
    authorize(a, 'voucher-claim.create', { institutionId: a.institutionId ?? '' });
    const rows = await this.claims.claimable(a.institutionId as string, query.month);
    return rows.map((r) => ({ issuingRegion: r.issuing_region, lines: Number(r.lines), availableFen: Number(r.available), draftCharges: Number(r.drafts) }));
  }

  async get(actor: Actor | null, id: string): Promise<VoucherClaimDetail> {
    const a = requireActor(actor);
    const em = this.em.fork();
    const row = await this.claims.find(em, id);
    if (!row) fail('NOT_FOUND', noSuch('兑付申请', 'voucher claim', id));
    authorize(a, 'voucher-claim.read', claimObject(row), noSuch('兑付申请', 'voucher claim', id));
    const lines = await this.claims.lines(em, id);
    return { ...claimView(row), lines: lines.map(claimLineView) };
  }

  /** Claimants see their own; a regional bureau its region's; joint officers and auditors all. */
  async list(actor: Actor | null, query: VoucherClaimListQuery): Promise<Page<VoucherClaimView>> {
    const a = requireActor(actor);
    const { page, pageSize, offset } = pageWindow(query);
    const filter = new SqlFilter();
    if (a.role === 'researcher') fail('FORBIDDEN', said('兑付申请仅对单位管理人员和科技局可见', 'reimbursement claims are for institution staff and the bureau'), { permission: 'voucher-claim.read' });
    if (a.role === 'bureau' && a.region !== null) filter.and('k.issuing_region = ?', a.region);
    if (a.role === 'institution_admin' || a.role === 'operator') filter.and('k.claimant_institution_id = ?', a.institutionId);
    if (query.state) filter.and('k.state = ?', query.state);
    if (query.kind) filter.and('k.kind = ?', query.kind);
    if (query.programmeId) filter.and(CLAIM_OF_PROGRAMME, query.programmeId, query.programmeId);
    const { rows, total } = await this.claims.list(filter, pageSize, offset);
    return { items: rows.map(claimView), total, page, pageSize };
  }

  async transition(actor: Actor | null, id: string, action: ClaimAction, extra: Partial<RejectVoucherClaimDto & PayVoucherClaimDto> = {}): Promise<VoucherClaimView> {
    const a = requireActor(actor);
    return this.em.fork().transactional(async (em) => {
      const row = await this.claims.find(em, id, true);
      if (!row) fail('NOT_FOUND', noSuch('兑付申请', 'voucher claim', id));
      // A bureau officer hears why it may not decide; anyone else first whether the claim exists for them.
      if (a.role !== 'bureau') authorize(a, 'voucher-claim.read', claimObject(row), noSuch('兑付申请', 'voucher claim', id));
      authorize(a, 'voucher-claim.decide', claimObject(row));
      const next = claimTransition(row.state, action);
      if (!next || !(await this.claims.transition(em, id, row.state, next, a.userId, extra))) {
        fail('CONFLICT', said(`兑付申请当前状态（${row.state}）不能执行该操作`, `a ${row.state} claim cannot be ${action === 'pay' ? 'paid' : `${action}d`}`), { state: row.state, action });
      }
      const after = claimView((await this.claims.find(em, id)) as ClaimRow);
      // The claimant's admins and webhooks hear of the decision (issue 19) if and only if it commits.
      if (next === 'approved') await writeOutbox(em, Events.voucherClaimApproved, claimEvent(after, after.decidedAt as string));
      if (next === 'rejected') await writeOutbox(em, Events.voucherClaimRejected, { ...claimEvent(after, after.decidedAt as string), reason: after.reason as string });
      if (next === 'paid') await writeOutbox(em, Events.voucherClaimPaid, { ...claimEvent(after, after.paidAt as string), reference: after.reference as string });
      await this.audit.append(em, { actor: a, action: `voucher-claim.${action}`, objectType: 'voucher-claim', objectId: id, before: claimView(row), after });
      return after;
    });
  }

  async ledger(actor: Actor | null, programmeId: string): Promise<ProgrammeLedgerView> {
    const a = requireActor(actor);
    const programme = await this.claims.programmeRow(programmeId);
    if (!programme) fail('NOT_FOUND', noSuch('创新券项目', 'voucher programme', programmeId));
    authorize(a, 'voucher-ledger.read', { issuingRegion: programme.issuing_region });
    const rows = await this.claims.ledger(programmeId);
    const holderMode = programme.mode === 'holder-reimbursed';
    const at = new Date();
    const { rows: figures, totals } = programmeLedger(rows.map((r) => ({
      code: r.code, issuedFen: BigInt(r.face_value_fen), drawnFen: BigInt(holderMode ? r.covered : r.drawn), claimedFen: BigInt(r.claimed), paidFen: BigInt(r.paid),
      validTo: r.valid_to === null ? null : new Date(r.valid_to),
    })), at);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    return {
      programmeId: programme.id, programmeCode: programme.code, issuingRegion: programme.issuing_region, mode: programme.mode, budgetFen: Number(programme.budget_fen),
      at: at.toISOString(), issuedFen: Number(totals.issuedFen), drawnFen: Number(totals.drawnFen), claimedFen: Number(totals.claimedFen),
      paidFen: Number(totals.paidFen), expiredFen: Number(totals.expiredFen),
      vouchers: figures.map((f) => {
        const r = byCode.get(f.code)!;
        return {
          voucherId: r.id, code: f.code, holderInstitutionId: r.holder_institution_id, validTo: f.validTo ? f.validTo.toISOString() : null,
          issuedFen: Number(f.issuedFen), drawnFen: Number(f.drawnFen), claimedFen: Number(f.claimedFen), paidFen: Number(f.paidFen), expiredFen: Number(f.expiredFen),
          balanceFen: f.expiredFen > 0n ? 0 : Number(f.issuedFen - f.drawnFen),
        };
      }),
    };
  }

  /** The ledger as CSV or .xlsx, one row per voucher and a TOTAL row, left in Redis for the gateway. */
  async ledgerExport(actor: Actor | null, programmeId: string, format: string): Promise<ExportedFile> {
    if (format !== 'csv' && format !== 'xlsx') fail('NOT_FOUND', said(`不支持格式 ${format}，请用 csv 或 xlsx`, `no format ${format}; use csv or xlsx`));
    const view = await this.ledger(actor, programmeId);
    const institutions = (await this.facts.facts([], [...new Set(view.vouchers.map((v) => v.holderInstitutionId))])).institutions;
    const holders = new Map(institutions.map((i) => [i.id, i.code]));
    const rows = view.vouchers.map((v) => [v.code, holders.get(v.holderInstitutionId) ?? v.holderInstitutionId, v.validTo ?? '', v.issuedFen, v.drawnFen, v.claimedFen, v.paidFen, v.expiredFen, v.balanceFen].map(String));
    rows.push(['TOTAL', '', '', view.issuedFen, view.drawnFen, view.claimedFen, view.paidFen, view.expiredFen, view.vouchers.reduce((s, v) => s + v.balanceFen, 0)].map(String));
    // The spreadsheet's 合计 row is the workbook's own (the sum of the rows above it), not the CSV's TOTAL line.
    const names = new Map(institutions.map((i) => [i.id, i.name ?? '']));
    const body = format === 'csv'
      ? Buffer.from(stringify([[...LEDGER_COLUMNS], ...rows], { record_delimiter: 'unix' }), 'utf8')
      : await writeWorkbook(VOUCHER_LEDGER_SHEET, view.vouchers.map((v) => [
        v.code, holders.get(v.holderInstitutionId) ?? '', names.get(v.holderInstitutionId) ?? '', v.validTo,
        v.issuedFen, v.drawnFen, v.claimedFen, v.paidFen, v.expiredFen, v.balanceFen,
      ]));
    const blobKey = `${this.config.BULLMQ_PREFIX}:export:${randomUUID()}`;
    await this.redis.set(blobKey, body, 'EX', EXPORT_TTL_SECONDS);
    return {
      blobKey, rows: rows.length, fileName: `ledger-${view.programmeCode}.${format}`,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE,
    };
  }
}

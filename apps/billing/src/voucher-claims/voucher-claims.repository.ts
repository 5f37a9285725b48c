import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { VoucherClaimLineView, VoucherClaimView } from '@yixiang/contracts';
import { pgArray, SqlFilter } from '@yixiang/common';

type Em = EntityManager;

/** A row of billing.voucher_claim; money as text (bigint). */
export interface ClaimRow {
  id: string; seq: string; kind: VoucherClaimView['kind']; claimant_institution_id: string; issuing_region: string; programme_id: string | null;
  period: string | null; amount_fen: string; lines: number; state: VoucherClaimView['state']; reason: string | null; reference: string | null;
  created_at: Date | string; decided_at: Date | string | null; paid_at: Date | string | null;
}

/** A claim line with its charge and voucher. */
export interface ClaimLineRow {
  usage_record_id: string; code: string; start_at: Date | string; period: string; voucher_id: string; voucher_code: string; charge_fen: string; amount_fen: string;
}

/** A charge that drew on a provider-redeemed voucher, in an issued or paid statement, and in no live claim. */
export interface DrawnChargeRow { usage_record_id: string; code: string; start_at: Date | string; voucher_id: string; voucher_fen: string }

/** A charge of a paid statement the holder's users ran up, in no live claim and drawn on no voucher. */
export interface PaidChargeRow {
  usage_record_id: string; code: string; start_at: Date | string; amount_fen: string; external: boolean; service_category: string;
  user_institution_id: string; provider_institution_id: string; voucher_id: string | null;
}

/** A holder-reimbursed voucher of a programme, with what live claims have covered of it. */
export interface HolderVoucherRow {
  id: string; code: string; holder_institution_id: string; face_value_fen: string; cover_bps: number; per_use_cap_fen: string | null;
  valid_from: Date | string; valid_to: Date | string | null; provider_regions: string[]; claimed: string;
}

export interface ProgrammeRow { id: string; code: string; issuing_region: string; mode: string; budget_fen: string }

/** A voucher's figures for the ledger. */
export interface LedgerRowData {
  id: string; code: string; holder_institution_id: string; face_value_fen: string; valid_to: Date | string | null;
  drawn: string; claimed: string; paid: string; covered: string;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export const claimView = (r: ClaimRow): VoucherClaimView => ({
  id: r.id, code: `VC-${String(r.seq).padStart(6, '0')}`, kind: r.kind, claimantInstitutionId: r.claimant_institution_id, issuingRegion: r.issuing_region,
  programmeId: r.programme_id, month: r.period, amountFen: Number(r.amount_fen), lineCount: r.lines, state: r.state, reason: r.reason,
  reference: r.reference, createdAt: iso(r.created_at) as string, decidedAt: iso(r.decided_at), paidAt: iso(r.paid_at),
});

export const claimLineView = (r: ClaimLineRow): VoucherClaimLineView => ({
  usageId: r.usage_record_id, usageCode: r.code, start: iso(r.start_at) as string, period: r.period, voucherId: r.voucher_id, voucherCode: r.voucher_code,
  chargeFen: Number(r.charge_fen), amountFen: Number(r.amount_fen),
});

const CLAIM_COLUMNS = `k.id, k.seq::text, k.kind, k.claimant_institution_id, k.issuing_region, k.programme_id, k.period, k.amount_fen::text, k.lines, k.state,
  k.reason, k.reference, k.created_at, k.decided_at, k.paid_at`;

/** A charge is in an issued or paid statement: final, never recomputed by a later settlement. */
const FINAL_STATEMENT = (states: string) => `exists (select 1 from billing.statement s where s.provider_institution_id = c.provider_institution_id
  and s.payer_institution_id = c.payer_institution_id and s.period = c.period and s.status in (${states}))`;
const UNCLAIMED = `not exists (select 1 from billing.voucher_claim_line l where l.usage_record_id = c.usage_record_id and l.live)`;

/**
 * A list's condition on a programme (two `?`, both its id): a provider claim spans a region's
 * programmes, so it belongs to every programme one of its lines draws on.
 */
export const CLAIM_OF_PROGRAMME = `(k.programme_id = ? or exists (select 1 from billing.voucher_claim_line l join billing.voucher v on v.id = l.voucher_id
        where l.claim_id = k.id and v.programme_id = ?))`;

/** The SQL of reimbursement claims (billing.voucher_claim k, billing.voucher_claim_line l) and of the programmes' ledger. */
@Injectable()
export class VoucherClaimsRepository {
  constructor(private readonly em: EntityManager) {}

  /** One claimant's claims are made one at a time (the unique index on live lines is the backstop). */
  async lockClaimant(em: Em, institutionId: string): Promise<void> {
    await em.execute(`select pg_advisory_xact_lock(hashtext('billing.voucher-claim:' || ?))`, [institutionId]);
  }

  async programme(em: Em, id: string): Promise<ProgrammeRow | null> {
    const [row] = await em.execute<ProgrammeRow[]>(
      `select id, code, issuing_region, mode, budget_fen::text from billing.voucher_programme where id = ?`, [id]);
    return row ?? null;
  }

  /** What a provider may claim for a month from a region's provider-redeemed programmes. */
  async drawnUnclaimed(em: Em, providerId: string, period: string, issuingRegion: string): Promise<DrawnChargeRow[]> {
    return em.execute<DrawnChargeRow[]>(
      `select c.usage_record_id, u.code, u.start_at, c.voucher_id, c.voucher_fen::text
       from billing.charge c join billing.usage_record u on u.id = c.usage_record_id
         join billing.voucher v on v.id = c.voucher_id join billing.voucher_programme p on p.id = v.programme_id
       where c.provider_institution_id = ? and c.period = ? and p.issuing_region = ? and p.mode = 'provider-redeemed' and c.voucher_fen > 0
         and ${FINAL_STATEMENT(`'issued', 'paid'`)} and ${UNCLAIMED}
       order by u.start_at, u.code collate "C"`, [providerId, period, issuingRegion]);
  }

  /** A provider's drawn charges of a month per issuing region: claimable (final, unclaimed) and still in drafts. */
  async claimable(providerId: string, period: string): Promise<{ issuing_region: string; lines: string; available: string; drafts: string }[]> {
    return this.em.getConnection().execute(
      `select p.issuing_region,
         count(*) filter (where ${FINAL_STATEMENT(`'issued', 'paid'`)} and ${UNCLAIMED})::text as lines,
         coalesce(sum(c.voucher_fen) filter (where ${FINAL_STATEMENT(`'issued', 'paid'`)} and ${UNCLAIMED}), 0)::text as available,
         count(*) filter (where not ${FINAL_STATEMENT(`'issued', 'paid'`)})::text as drafts
       from billing.charge c join billing.voucher v on v.id = c.voucher_id join billing.voucher_programme p on p.id = v.programme_id
       where c.provider_institution_id = ? and c.period = ? and p.mode = 'provider-redeemed' and c.voucher_fen > 0
       group by p.issuing_region order by p.issuing_region`, [providerId, period]);
  }

  /** Drawn charges of the month still in draft statements (to say why nothing could be claimed). */
  async drawnInDrafts(em: Em, providerId: string, period: string, issuingRegion: string): Promise<number> {
    const [{ n }] = await em.execute<{ n: string }[]>(
      `select count(*) as n from billing.charge c join billing.voucher v on v.id = c.voucher_id join billing.voucher_programme p on p.id = v.programme_id
       where c.provider_institution_id = ? and c.period = ? and p.issuing_region = ? and p.mode = 'provider-redeemed' and c.voucher_fen > 0
         and not ${FINAL_STATEMENT(`'issued', 'paid'`)}`, [providerId, period, issuingRegion]);
    return Number(n);
  }

  /** The holder's vouchers of a holder-reimbursed programme, locked for this claim, with what live claims covered. */
  async holderVouchers(em: Em, programmeId: string, holderId: string): Promise<HolderVoucherRow[]> {
    return em.execute<HolderVoucherRow[]>(
      `select v.id, v.code, v.holder_institution_id, v.face_value_fen::text, v.cover_bps, v.per_use_cap_fen::text, v.valid_from, v.valid_to, v.provider_regions,
         coalesce((select sum(l.amount_fen) from billing.voucher_claim_line l where l.voucher_id = v.id and l.live), 0)::text as claimed
       from billing.voucher v where v.programme_id = ? and v.holder_institution_id = ? and v.mode = 'holder-reimbursed'
       order by v.code collate "C" for update`, [programmeId, holderId]);
  }

  /** Lines of the holder's paid statements that no voucher drew on and no live claim holds (optionally of some statements only). */
  async paidUnclaimed(em: Em, holderId: string, statementIds: string[] | null): Promise<PaidChargeRow[]> {
    const filter = new SqlFilter().and('c.payer_institution_id = ?', holderId).and('u.user_institution_id = ?', holderId).and('c.voucher_fen = 0');
    if (statementIds) {
      filter.and(`exists (select 1 from billing.statement s where s.id = any(?::uuid[]) and s.status = 'paid' and s.provider_institution_id = c.provider_institution_id
        and s.payer_institution_id = c.payer_institution_id and s.period = c.period)`, pgArray(statementIds));
    } else filter.and(FINAL_STATEMENT(`'paid'`));
    return em.execute<PaidChargeRow[]>(
      `select c.usage_record_id, u.code, u.start_at, c.amount_fen::text, c.external, u.service_category, u.user_institution_id, c.provider_institution_id, u.voucher_id
       from billing.charge c join billing.usage_record u on u.id = c.usage_record_id
       where ${filter.sql} and ${UNCLAIMED} order by u.start_at, u.code collate "C"`, filter.params);
  }

  /** Statements of the list that are the holder's and paid (the rest are named in the refusal). */
  async paidStatementsOf(em: Em, holderId: string, ids: string[]): Promise<string[]> {
    const rows = await em.execute<{ id: string }[]>(
      `select id from billing.statement where id = any(?::uuid[]) and payer_institution_id = ? and status = 'paid'`, [pgArray(ids), holderId]);
    return rows.map((r) => r.id);
  }

  async insertClaim(em: Em, c: {
    id: string; kind: 'provider' | 'holder'; claimantId: string; issuingRegion: string; programmeId: string | null; period: string | null;
    amountFen: bigint; lines: { usageRecordId: string; voucherId: string; amountFen: bigint }[]; createdBy: string;
  }): Promise<void> {
    await em.execute(
      `insert into billing.voucher_claim (id, kind, claimant_institution_id, issuing_region, programme_id, period, amount_fen, lines, created_by)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [c.id, c.kind, c.claimantId, c.issuingRegion, c.programmeId, c.period, c.amountFen.toString(), c.lines.length, c.createdBy]);
    await em.execute(
      `insert into billing.voucher_claim_line (claim_id, usage_record_id, voucher_id, amount_fen)
       select ?, x.usage_record_id, x.voucher_id, x.amount_fen from unnest(?::uuid[], ?::uuid[], ?::bigint[]) as x(usage_record_id, voucher_id, amount_fen)`,
      [c.id, pgArray(c.lines.map((l) => l.usageRecordId)), pgArray(c.lines.map((l) => l.voucherId)), pgArray(c.lines.map((l) => l.amountFen.toString()))]);
  }

  async find(em: Em, id: string, lock = false): Promise<ClaimRow | null> {
    const [row] = await em.execute<ClaimRow[]>(`select ${CLAIM_COLUMNS} from billing.voucher_claim k where k.id = ?${lock ? ' for update' : ''}`, [id]);
    return row ?? null;
  }

  async lines(em: Em, id: string): Promise<ClaimLineRow[]> {
    return em.execute<ClaimLineRow[]>(
      `select l.usage_record_id, u.code, u.start_at, c.period, l.voucher_id, v.code as voucher_code, c.amount_fen::text as charge_fen, l.amount_fen::text
       from billing.voucher_claim_line l join billing.usage_record u on u.id = l.usage_record_id join billing.charge c on c.usage_record_id = l.usage_record_id
         join billing.voucher v on v.id = l.voucher_id
       where l.claim_id = ? order by u.start_at, u.code collate "C"`, [id]);
  }

  async list(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: ClaimRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<ClaimRow[]>(`select ${CLAIM_COLUMNS} from billing.voucher_claim k where ${filter.sql} order by k.seq desc limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from billing.voucher_claim k where ${filter.sql}`, filter.params),
    ]);
    return { rows, total: Number(total) };
  }

  /** Moves a claim to its next state, only from the state it was read in (a concurrent decision makes this 0 rows). */
  async transition(em: Em, id: string, from: string, to: string, by: string, extra: { reason?: string; reference?: string }): Promise<boolean> {
    const set = to === 'paid' ? `paid_at = now(), paid_by = ?, reference = ?` : `decided_at = now(), decided_by = ?, reason = ?`;
    const rows = await em.execute<{ id: string }[]>(
      `update billing.voucher_claim set state = ?, ${set} where id = ? and state = ? returning id`,
      [to, by, to === 'paid' ? (extra.reference ?? null) : (extra.reason ?? null), id, from]);
    if (rows.length && to === 'rejected') await em.execute(`update billing.voucher_claim_line set live = false where claim_id = ?`, [id]);
    return rows.length > 0;
  }

  /** Every voucher of a programme with what it drew at settlement, what live claims hold of it, and what was paid. */
  async ledger(programmeId: string): Promise<LedgerRowData[]> {
    return this.em.getConnection().execute<LedgerRowData[]>(
      `select v.id, v.code, v.holder_institution_id, v.face_value_fen::text, v.valid_to,
         coalesce((select sum(c.voucher_fen) from billing.charge c where c.voucher_id = v.id), 0)::text as drawn,
         coalesce((select sum(l.amount_fen) from billing.voucher_claim_line l join billing.voucher_claim k on k.id = l.claim_id
           where l.voucher_id = v.id and k.state in ('submitted', 'approved', 'paid')), 0)::text as claimed,
         coalesce((select sum(l.amount_fen) from billing.voucher_claim_line l join billing.voucher_claim k on k.id = l.claim_id
           where l.voucher_id = v.id and k.state = 'paid'), 0)::text as paid,
         coalesce((select sum(l.amount_fen) from billing.voucher_claim_line l where l.voucher_id = v.id and l.live), 0)::text as covered
       from billing.voucher v where v.programme_id = ? order by v.code collate "C"`, [programmeId]);
  }

  async programmeRow(id: string): Promise<ProgrammeRow | null> {
    return this.programme(this.em.fork(), id);
  }
}

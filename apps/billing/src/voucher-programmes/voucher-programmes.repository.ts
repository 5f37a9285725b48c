import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { VoucherApplicationView, VoucherMode, VoucherProgrammeReport, VoucherProgrammeView } from '@yixiang/contracts';
import { pgArray, SqlFilter } from '@yixiang/common';

/** A programme row (money as text: bigint). */
export interface ProgrammeRow {
  id: string; code: string; name: string; issuing_region: string; year: number; budget_fen: string; cover_bps: number;
  per_application_cap_fen: string; per_holder_year_cap_fen: string; applicant_kinds: string[]; applicant_regions: string[];
  provider_regions: string[]; valid_from: Date | string; valid_to: Date | string; mode: VoucherMode; committed_fen: string;
  created_at: Date | string;
}

export interface NewProgramme {
  id: string; code: string; name: string; issuingRegion: string; year: number; budgetFen: number; coverBps: number;
  perApplicationCapFen: number; perHolderYearCapFen: number; applicantKinds: string[]; applicantRegions: string[];
  providerRegions: string[]; validFrom: Date; validTo: Date; mode: VoucherMode; createdBy: string;
}

export interface ApplicationRow {
  id: string; seq: string; programme_id: string; programme_code: string; programme_name: string; issuing_region: string;
  applicant_institution_id: string; applicant_user_id: string; amount_fen: string; project: string;
  state: 'submitted' | 'approved' | 'rejected'; approved_fen: string | null; voucher_id: string | null; voucher_code: string | null;
  reason: string | null; decided_at: Date | string | null; created_at: Date | string;
}

export interface NewApplication {
  id: string; programmeId: string; applicantInstitutionId: string; applicantUserId: string; amountFen: number; project: string;
}

/** Where the programme's money stands (read inside an approval's transaction, to explain a refusal). */
export interface CommitmentRow {
  budget_fen: string; committed_fen: string; per_application_cap_fen: string; per_holder_year_cap_fen: string; holder_committed_fen: string;
}

const iso = (v: Date | string): string => new Date(v).toISOString();

export const programmeView = (r: ProgrammeRow): VoucherProgrammeView => ({
  id: r.id, code: r.code, name: r.name, issuingRegion: r.issuing_region, year: r.year, budgetFen: Number(r.budget_fen), coverBps: r.cover_bps,
  perApplicationCapFen: Number(r.per_application_cap_fen), perHolderYearCapFen: Number(r.per_holder_year_cap_fen),
  applicantKinds: r.applicant_kinds as VoucherProgrammeView['applicantKinds'], applicantRegions: r.applicant_regions, providerRegions: r.provider_regions,
  validFrom: iso(r.valid_from), validTo: iso(r.valid_to), mode: r.mode, committedFen: Number(r.committed_fen),
  remainingFen: Number(r.budget_fen) - Number(r.committed_fen), createdAt: iso(r.created_at),
});

export const applicationView = (r: ApplicationRow): VoucherApplicationView => ({
  id: r.id, programmeId: r.programme_id, programmeCode: r.programme_code, programmeName: r.programme_name, issuingRegion: r.issuing_region,
  applicantInstitutionId: r.applicant_institution_id, applicantUserId: r.applicant_user_id, amountFen: Number(r.amount_fen), project: r.project,
  state: r.state, approvedFen: r.approved_fen === null ? null : Number(r.approved_fen), voucherId: r.voucher_id, voucherCode: r.voucher_code,
  reason: r.reason, decidedAt: r.decided_at === null ? null : iso(r.decided_at), createdAt: iso(r.created_at),
});

const PROGRAMME = `select p.id, p.code, p.name, p.issuing_region, p.year, p.budget_fen::text, p.cover_bps, p.per_application_cap_fen::text,
  p.per_holder_year_cap_fen::text, p.applicant_kinds, p.applicant_regions, p.provider_regions, p.valid_from, p.valid_to, p.mode,
  p.committed_fen::text, p.created_at from billing.voucher_programme p`;

const APPLICATION = `select a.id, a.seq::text, a.programme_id, p.code as programme_code, p.name as programme_name, p.issuing_region,
  a.applicant_institution_id, a.applicant_user_id, a.amount_fen::text, a.project, a.state, a.approved_fen::text, a.voucher_id,
  v.code as voucher_code, a.reason, a.decided_at, a.created_at
  from billing.voucher_application a join billing.voucher_programme p on p.id = a.programme_id left join billing.voucher v on v.id = a.voucher_id`;

/**
 * The SQL of voucher programmes (alias p) and applications (alias a). An approval's money moves only by
 * conditional updates: the programme's committed sum within its budget, the holder's within its cap.
 */
@Injectable()
export class VoucherProgrammesRepository {
  constructor(private readonly em: EntityManager) {}

  /** Stores a programme, in the caller's transaction; a taken code raises the unique violation. */
  async insertProgramme(em: EntityManager, p: NewProgramme): Promise<void> {
    await em.execute(
      `insert into billing.voucher_programme (id, code, name, issuing_region, year, budget_fen, cover_bps, per_application_cap_fen, per_holder_year_cap_fen,
         applicant_kinds, applicant_regions, provider_regions, valid_from, valid_to, mode, created_by)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::text[], ?::text[], ?, ?, ?, ?)`,
      [p.id, p.code, p.name, p.issuingRegion, p.year, p.budgetFen, p.coverBps, p.perApplicationCapFen, p.perHolderYearCapFen,
        pgArray(p.applicantKinds), pgArray(p.applicantRegions), pgArray(p.providerRegions), p.validFrom, p.validTo, p.mode, p.createdBy]);
  }

  /** `em`: inside a transaction, its own (a second connection from the pool while holding one could starve it). */
  async findProgramme(id: string, em?: EntityManager): Promise<ProgrammeRow | null> {
    const sql = `${PROGRAMME} where p.id = ?`;
    const [row] = em ? await em.execute<ProgrammeRow[]>(sql, [id]) : await this.em.getConnection().execute<ProgrammeRow[]>(sql, [id]);
    return row ?? null;
  }

  async listProgrammes(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: ProgrammeRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<ProgrammeRow[]>(`${PROGRAMME} where ${filter.sql} order by p.year desc, p.code collate "C" limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(`select count(*) as total from billing.voucher_programme p where ${filter.sql}`, filter.params),
    ]);
    return { rows, total: Number(total) };
  }

  /**
   * The budget report: vouchers issued, what settlement drew on them, and the unspent balance of those whose
   * validity has ended by `at` (expired: it returns to the programme's budget report, not to any holder).
   */
  async report(id: string, at: Date): Promise<VoucherProgrammeReport> {
    const [r] = await this.em.getConnection().execute<Record<string, string>[]>(
      `with v as (
         select v.id, v.face_value_fen, v.valid_to,
                coalesce((select sum(c.voucher_fen) from billing.charge c where c.voucher_id = v.id), 0) as drawn
         from billing.voucher v where v.programme_id = ?)
       select (select count(*) from v)::text as issued_count,
              (select coalesce(sum(face_value_fen), 0) from v)::text as issued_fen,
              (select coalesce(sum(drawn), 0) from v)::text as drawn_fen,
              (select coalesce(sum(greatest(face_value_fen - drawn, 0)), 0) from v where valid_to is not null and valid_to <= ?)::text as expired_fen,
              (select count(*) from billing.voucher_application a where a.programme_id = ? and a.state = 'submitted')::text as submitted,
              (select count(*) from billing.voucher_application a where a.programme_id = ? and a.state = 'approved')::text as approved,
              (select count(*) from billing.voucher_application a where a.programme_id = ? and a.state = 'rejected')::text as rejected`,
      [id, at, id, id, id]);
    return {
      issuedCount: Number(r.issued_count), issuedFen: Number(r.issued_fen), drawnFen: Number(r.drawn_fen), expiredFen: Number(r.expired_fen),
      submittedApplications: Number(r.submitted), approvedApplications: Number(r.approved), rejectedApplications: Number(r.rejected),
    };
  }

  async insertApplication(a: NewApplication): Promise<void> {
    await this.em.getConnection().execute(
      `insert into billing.voucher_application (id, programme_id, applicant_institution_id, applicant_user_id, amount_fen, project) values (?, ?, ?, ?, ?, ?)`,
      [a.id, a.programmeId, a.applicantInstitutionId, a.applicantUserId, a.amountFen, a.project]);
  }

  /** `em`: inside a transaction, its own (as findProgramme). */
  async findApplication(id: string, em?: EntityManager): Promise<ApplicationRow | null> {
    const sql = `${APPLICATION} where a.id = ?`;
    const [row] = em ? await em.execute<ApplicationRow[]>(sql, [id]) : await this.em.getConnection().execute<ApplicationRow[]>(sql, [id]);
    return row ?? null;
  }

  async listApplications(filter: SqlFilter, pageSize: number, offset: number): Promise<{ rows: ApplicationRow[]; total: number }> {
    const conn = this.em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<ApplicationRow[]>(`${APPLICATION} where ${filter.sql} order by a.created_at desc, a.seq desc limit ? offset ?`, [...filter.params, pageSize, offset]),
      conn.execute<{ total: string }[]>(
        `select count(*) as total from billing.voucher_application a join billing.voucher_programme p on p.id = a.programme_id where ${filter.sql}`, filter.params),
    ]);
    return { rows, total: Number(total) };
  }

  /** Runs `work` in one transaction (an approval: every step commits together or not at all). */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.em.fork().transactional(work);
  }

  /** The application, locked for its decision: concurrent decisions of one application wait here, one at a time. */
  async lockApplication(em: EntityManager, id: string): Promise<{ state: string; amount_fen: string; applicant_institution_id: string; seq: string } | null> {
    const [row] = await em.execute<{ state: string; amount_fen: string; applicant_institution_id: string; seq: string }[]>(
      `select state, amount_fen::text, applicant_institution_id, seq::text from billing.voucher_application where id = ? for update`, [id]);
    return row ?? null;
  }

  /**
   * Commits `amountFen` of the programme's budget if it fits the budget and the per-application cap, in one
   * conditional update (PostgreSQL re-checks the condition on the row it waited for): false if it does not.
   */
  async commitBudget(em: EntityManager, programmeId: string, amountFen: number): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `update billing.voucher_programme set committed_fen = committed_fen + ?
       where id = ? and committed_fen + ? <= budget_fen and ? <= per_application_cap_fen returning id`,
      [amountFen, programmeId, amountFen, amountFen]);
    return rows.length === 1;
  }

  /** Commits `amountFen` of the holder's cap under the programme (its row created at 0 first): false if it does not fit. */
  async commitHolder(em: EntityManager, programmeId: string, holderInstitutionId: string, amountFen: number): Promise<boolean> {
    await em.execute(
      `insert into billing.voucher_holder_commitment (programme_id, holder_institution_id, committed_fen, cap_fen)
       select id, ?, 0, per_holder_year_cap_fen from billing.voucher_programme where id = ? on conflict do nothing`, [holderInstitutionId, programmeId]);
    const rows = await em.execute<{ committed_fen: string }[]>(
      `update billing.voucher_holder_commitment set committed_fen = committed_fen + ?
       where programme_id = ? and holder_institution_id = ? and committed_fen + ? <= cap_fen returning committed_fen::text`,
      [amountFen, programmeId, holderInstitutionId, amountFen]);
    return rows.length === 1;
  }

  async commitment(em: EntityManager, programmeId: string, holderInstitutionId: string): Promise<CommitmentRow> {
    const [row] = await em.execute<CommitmentRow[]>(
      `select p.budget_fen::text, p.committed_fen::text, p.per_application_cap_fen::text, p.per_holder_year_cap_fen::text,
              coalesce((select h.committed_fen from billing.voucher_holder_commitment h where h.programme_id = p.id and h.holder_institution_id = ?), 0)::text
                as holder_committed_fen
       from billing.voucher_programme p where p.id = ?`, [holderInstitutionId, programmeId]);
    return row;
  }

  /** Issues the programme's voucher of an approved application: the programme's cover, validity, provider regions and mode. */
  async issueVoucher(em: EntityManager, v: { id: string; code: string; programmeId: string; holderInstitutionId: string; amountFen: number; createdBy: string }): Promise<void> {
    await em.execute(
      `insert into billing.voucher (id, code, holder_institution_id, face_value_fen, cover_bps, per_use_cap_fen, valid_from, valid_to, created_by, programme_id, mode, provider_regions)
       select ?, ?, ?, ?, p.cover_bps, null, p.valid_from, p.valid_to, ?, p.id, p.mode, p.provider_regions from billing.voucher_programme p where p.id = ?`,
      [v.id, v.code, v.holderInstitutionId, v.amountFen, v.createdBy, v.programmeId]);
  }

  async markApproved(em: EntityManager, id: string, amountFen: number, voucherId: string, by: string): Promise<void> {
    await em.execute(
      `update billing.voucher_application set state = 'approved', approved_fen = ?, voucher_id = ?, decided_by = ?, decided_at = now() where id = ? and state = 'submitted'`,
      [amountFen, voucherId, by, id]);
  }

  /** Rejects a submitted application, in the caller's transaction; false if it was decided meanwhile. */
  async reject(em: EntityManager, id: string, reason: string, by: string): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `update billing.voucher_application set state = 'rejected', reason = ?, decided_by = ?, decided_at = now() where id = ? and state = 'submitted' returning id`,
      [reason, by, id]);
    return rows.length === 1;
  }
}

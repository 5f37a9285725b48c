import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { pgArray } from '@yixiang/common';
import type { FeedbackLine, UsageLine } from './billing-bundle';

/** A vouchers.csv row with its holder resolved to an id. */
export interface ImportedVoucher {
  code: string; holderInstitutionId: string; faceValueFen: number; coverBps: number; perUseCapFen: number | null; validFrom: Date; validTo: Date | null;
}

/** A usage.csv row with its codes resolved to ids. */
export interface ImportedUsage extends Pick<UsageLine, 'code' | 'serviceMode' | 'serviceCategory' | 'start' | 'end' | 'samples' | 'status'> {
  instrumentId: string; providerInstitutionId: string; userId: string; userInstitutionId: string | null; voucherId: string | null;
}

/** A completed usage row to check against the completed records already stored. */
export interface CompletedUsage { code: string; instrumentId: string; start: Date; end: Date }

/** Rows of a file written new, changed, and found exactly as stored (a second import of the same bundle: all unchanged). */
export interface UpsertCount { inserted: number; updated: number; unchanged: number }

/**
 * The SQL of billing's part of an exchange bundle: the checks' reads of stored vouchers and usage
 * records, and the upserts by code (in the transaction `apply` opens). `(xmax = 0)` tells an
 * inserted row from an updated one; an update happens only where a column differs (`is distinct
 * from`), so a row that `returning` leaves out was already stored as it is: unchanged.
 */
@Injectable()
export class BillingImportRepository {
  constructor(private readonly em: EntityManager) {}

  /** Which of these voucher codes a voucher programme issued. */
  async programmeVoucherCodes(codes: string[]): Promise<Set<string>> {
    const rows = await this.em.getConnection().execute<{ code: string }[]>(
      `select code from billing.voucher where code = any(?::text[]) and programme_id is not null`, [pgArray(codes)]);
    return new Set(rows.map((r) => r.code));
  }

  /**
   * The ids of the stored vouchers of these codes. em.execute, not the connection: inside apply's
   * transaction (`tx`), the vouchers it has just written count.
   */
  async voucherIds(codes: string[], tx?: EntityManager): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await (tx ?? this.em).execute<{ id: string; code: string }[]>(`select id, code from billing.voucher where code = any(?::text[])`, [pgArray([...new Set(codes)])]);
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /** Which of these usage codes are stored. */
  async storedUsageCodes(codes: string[]): Promise<Set<string>> {
    return new Set((await this.em.getConnection().execute<{ code: string }[]>(`select code from billing.usage_record where code = any(?::text[])`, [pgArray(codes)])).map((r) => r.code));
  }

  /** Completed records already stored under other codes (none of `bundleCodes`) that overlap a row on its instrument. */
  async completedClashes(rows: CompletedUsage[], bundleCodes: string[]): Promise<{ code: string; other: string }[]> {
    return this.em.getConnection().execute<{ code: string; other: string }[]>(
      `select t.code, r.code as other from unnest(?::text[], ?::uuid[], ?::timestamptz[], ?::timestamptz[]) as t(code, instrument, s, e)
         join billing.usage_record r on r.instrument_id = t.instrument and r.status = 'completed' and r.source <> 'sample-order' and r.period && tstzrange(t.s, t.e, '[)') and r.code <> t.code
         where not (r.code = any(?::text[]))`,
      [pgArray(rows.map((u) => u.code)), pgArray(rows.map((u) => u.instrumentId)), pgArray(rows.map((u) => u.start.toISOString())),
        pgArray(rows.map((u) => u.end.toISOString())), pgArray(bundleCodes)]);
  }

  /** A programme's voucher is the approval's (its face value is committed budget): the upsert leaves it alone. */
  async upsertVouchers(tx: EntityManager, vouchers: ImportedVoucher[]): Promise<UpsertCount> {
    return this.upsert(tx, `insert into billing.voucher (id, code, holder_institution_id, face_value_fen, cover_bps, per_use_cap_fen, valid_from, valid_to)
          select gen_random_uuid(), t.code, t.holder, t.face, t.bps, t.cap, t.vfrom, t.vto
          from unnest(?::text[], ?::uuid[], ?::bigint[], ?::int[], ?::bigint[], ?::timestamptz[], ?::timestamptz[]) as t(code, holder, face, bps, cap, vfrom, vto)
          on conflict (code) do update set holder_institution_id = excluded.holder_institution_id, face_value_fen = excluded.face_value_fen, cover_bps = excluded.cover_bps,
            per_use_cap_fen = excluded.per_use_cap_fen, valid_from = excluded.valid_from, valid_to = excluded.valid_to
          where billing.voucher.programme_id is null
            and (voucher.holder_institution_id, voucher.face_value_fen, voucher.cover_bps, voucher.per_use_cap_fen, voucher.valid_from, voucher.valid_to)
              is distinct from (excluded.holder_institution_id, excluded.face_value_fen, excluded.cover_bps, excluded.per_use_cap_fen, excluded.valid_from, excluded.valid_to)
          returning (xmax = 0) as inserted`, vouchers.length, [
      pgArray(vouchers.map((v) => v.code)), pgArray(vouchers.map((v) => v.holderInstitutionId)),
      pgArray(vouchers.map((v) => String(v.faceValueFen))), pgArray(vouchers.map((v) => String(v.coverBps))),
      pgArray(vouchers.map((v) => (v.perUseCapFen === null ? null : String(v.perUseCapFen)))), pgArray(vouchers.map((v) => v.validFrom.toISOString())),
      pgArray(vouchers.map((v) => v.validTo?.toISOString() ?? null))]);
  }

  async upsertUsage(tx: EntityManager, u: ImportedUsage[]): Promise<UpsertCount> {
    return this.upsert(tx, `insert into billing.usage_record (id, code, instrument_id, provider_institution_id, user_id, user_institution_id, service_mode,
            service_category, start_at, end_at, samples, status, source, source_ref, voucher_id)
          select gen_random_uuid(), t.code, t.instrument, t.provider, t.usr, t.usr_inst, t.mode, t.category, t.s, t.e, t.samples, t.status, 'import', t.code, t.voucher
          from unnest(?::text[], ?::uuid[], ?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int[], ?::text[], ?::uuid[])
            as t(code, instrument, provider, usr, usr_inst, mode, category, s, e, samples, status, voucher)
          on conflict (code) do update set instrument_id = excluded.instrument_id, provider_institution_id = excluded.provider_institution_id, user_id = excluded.user_id,
            user_institution_id = excluded.user_institution_id, service_mode = excluded.service_mode, service_category = excluded.service_category,
            start_at = excluded.start_at, end_at = excluded.end_at, samples = excluded.samples, status = excluded.status, voucher_id = excluded.voucher_id
          where (usage_record.instrument_id, usage_record.provider_institution_id, usage_record.user_id, usage_record.user_institution_id, usage_record.service_mode,
                 usage_record.service_category, usage_record.start_at, usage_record.end_at, usage_record.samples, usage_record.status, usage_record.voucher_id)
            is distinct from (excluded.instrument_id, excluded.provider_institution_id, excluded.user_id, excluded.user_institution_id, excluded.service_mode,
                 excluded.service_category, excluded.start_at, excluded.end_at, excluded.samples, excluded.status, excluded.voucher_id)
          returning (xmax = 0) as inserted`, u.length, [
      pgArray(u.map((r) => r.code)), pgArray(u.map((r) => r.instrumentId)), pgArray(u.map((r) => r.providerInstitutionId)),
      pgArray(u.map((r) => r.userId)), pgArray(u.map((r) => r.userInstitutionId)),
      pgArray(u.map((r) => r.serviceMode)), pgArray(u.map((r) => r.serviceCategory)), pgArray(u.map((r) => r.start.toISOString())),
      pgArray(u.map((r) => r.end.toISOString())), pgArray(u.map((r) => (r.samples === null ? null : String(r.samples)))), pgArray(u.map((r) => r.status)),
      pgArray(u.map((r) => r.voucherId))]);
  }

  /** Feedback joins its usage record by code: the bundle's own records are written first, in the same transaction. */
  async upsertFeedback(tx: EntityManager, f: Pick<FeedbackLine, 'code' | 'usageCode' | 'rating' | 'comment'>[]): Promise<UpsertCount> {
    return this.upsert(tx, `insert into billing.feedback (id, code, usage_record_id, rating, comment)
          select gen_random_uuid(), t.code, u.id, t.rating, t.comment
          from unnest(?::text[], ?::text[], ?::int[], ?::text[]) as t(code, usage_code, rating, comment) join billing.usage_record u on u.code = t.usage_code
          on conflict (code) do update set usage_record_id = excluded.usage_record_id, rating = excluded.rating, comment = excluded.comment
          where (feedback.usage_record_id, feedback.rating, feedback.comment) is distinct from (excluded.usage_record_id, excluded.rating, excluded.comment)
          returning (xmax = 0) as inserted`, f.length, [
      pgArray(f.map((r) => r.code)), pgArray(f.map((r) => r.usageCode)), pgArray(f.map((r) => String(r.rating))), pgArray(f.map((r) => r.comment))]);
  }

  /** `rows`: how many the statement was given; those it neither inserted nor updated were stored as they are. */
  private async upsert(tx: EntityManager, sql: string, rows: number, params: unknown[]): Promise<UpsertCount> {
    const written = await tx.execute<{ inserted: boolean }[]>(sql, params);
    const inserted = written.filter((r) => r.inserted).length;
    return { inserted, updated: written.length - inserted, unchanged: rows - written.length };
  }
}

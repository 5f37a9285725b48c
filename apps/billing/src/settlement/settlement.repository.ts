import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { boundQuery, pgArray } from '@yixiang/common';
import { Events } from '@yixiang/contracts';
import type { Voucher } from '@yixiang/domain';

/** A completed usage record as settlement reads it. */
export interface RecordRow {
  id: string; code: string; instrument_id: string; provider_institution_id: string; user_institution_id: string;
  service_mode: 'self' | 'assisted' | 'sample'; service_category: string; start_at: Date | string; end_at: Date | string;
  samples: number | null; voucher_id: string | null;
}

interface VoucherRow {
  id: string; holder_institution_id: string; face_value_fen: string; cover_bps: number; per_use_cap_fen: string | null; valid_from: Date | string; valid_to: Date | string | null;
  /** A programme voucher's (null, and no regions, for vouchers issued directly). */
  mode: 'provider-redeemed' | 'holder-reimbursed' | null; provider_regions: string[];
}

/** A priced record to write as a charge. */
export interface NewCharge {
  id: string; payer: string; provider: string; rate: string; external: boolean; units: string; amount: bigint; voucher: string | null; voucherFen: bigint;
}

/** Where the next batch of a month's records starts, and what it skips. */
export interface BatchQuery {
  from: Date; to: Date; period: string; provider: string | null; hasFinal: boolean; after: { start: Date; code: string } | null; limit: number;
}

/** A charge is final when its statement was issued or paid (needs the period as its one parameter). */
const FINAL_FILTER = `exists (select 1 from billing.statement s where s.period = ? and s.status <> 'draft'
        and s.provider_institution_id = c.provider_institution_id and s.payer_institution_id = c.payer_institution_id)`;

/**
 * The SQL of settlement: usage records, charges, unbilled entries, voucher refusals and statements
 * of a month. Every method takes the settlement's EntityManager: a period is settled in one
 * transaction under an advisory lock (SettlementService), and these statements run inside it.
 */
/** A month's statements in sum (money in fen). */
export interface StatementTotals { statements: number; lines: number; amountFen: number; voucherFen: number; payableFen: number }

@Injectable()
export class SettlementRepository {
  /** The start of the earliest completed record before `before` that has neither charge nor unbilled entry. */
  async firstUnsettledStart(em: EntityManager, before: Date): Promise<Date | null> {
    const [row] = await em.getConnection().execute<{ first: Date | string | null }[]>(
      `select min(u.start_at) as first from billing.usage_record u
       where u.status = 'completed' and u.start_at < ?
         and not exists (select 1 from billing.charge c where c.usage_record_id = u.id)
         and not exists (select 1 from billing.unbilled b where b.usage_record_id = u.id)`, [before]);
    return row.first ? new Date(row.first) : null;
  }

  /** Serialises settlement runs: held until the transaction ends. */
  async lock(em: EntityManager): Promise<void> {
    await em.execute(`select pg_advisory_xact_lock(hashtext('billing.settlement'))`);
  }

  /** What other providers' draft charges of the month drew from each voucher (a scoped run keeps those drafts). */
  async othersDraftDraws(em: EntityManager, period: string, provider: string): Promise<{ voucher_id: string; fen: string }[]> {
    return em.execute<{ voucher_id: string; fen: string }[]>(
      `select c.voucher_id, sum(c.voucher_fen)::text as fen from billing.charge c where c.period = ? and c.provider_institution_id <> ?
           and c.voucher_id is not null and not ${FINAL_FILTER} group by c.voucher_id`, [period, provider, period]);
  }

  /** Deletes the month's non-final charges, unbilled entries and refusals (of the provider, if scoped): they are recomputed. */
  async clearPeriod(em: EntityManager, period: string, provider: string | null): Promise<void> {
    const ofProvider = provider ? 'and c.provider_institution_id = ?' : '';
    const recordOfProvider = provider ? `and exists (select 1 from billing.usage_record u where u.id = usage_record_id and u.provider_institution_id = ?)` : '';
    const scoped = (params: unknown[]) => (provider ? [...params, provider] : params);
    await em.execute(`delete from billing.charge c where c.period = ? ${ofProvider} and not ${FINAL_FILTER}`, [...scoped([period]), period]);
    await em.execute(`delete from billing.unbilled where period = ? ${recordOfProvider}`, scoped([period]));
    await em.execute(`delete from billing.voucher_refusal where period = ? ${recordOfProvider}`, scoped([period]));
  }

  async finalChargeCount(em: EntityManager, period: string): Promise<number> {
    const [{ n }] = await em.execute<{ n: string }[]>(`select count(*) as n from billing.charge c where c.period = ? and ${FINAL_FILTER}`, [period, period]);
    return Number(n);
  }

  async completedCount(em: EntityManager, from: Date, to: Date): Promise<number> {
    const [{ total }] = await em.execute<{ total: string }[]>(
      `select count(*) as total from billing.usage_record where status = 'completed' and start_at >= ? and start_at < ?`, [from, to]);
    return Number(total);
  }

  /**
   * The next batch of the month's completed records in (start, code) order. Unscoped, charges that
   * survived the delete belong to final statements; only then must the scan skip charged records.
   * Scoped, other providers' drafts survive too, and their records are recomputed like the rest.
   */
  async recordBatch(em: EntityManager, q: BatchQuery): Promise<RecordRow[]> {
    const skipCharged = q.provider ? `and not exists (select 1 from billing.charge c where c.usage_record_id = u.id and ${FINAL_FILTER})` : 'and not exists (select 1 from billing.charge c where c.usage_record_id = u.id)';
    return boundQuery<RecordRow>(em,
      `select u.id, u.code, u.instrument_id, u.provider_institution_id, u.user_institution_id, u.service_mode, u.service_category,
             u.start_at, u.end_at, u.samples, u.voucher_id
           from billing.usage_record u
           where u.status = 'completed' and u.start_at >= ? and u.start_at < ?
             ${q.hasFinal ? skipCharged : ''}
             ${q.after ? 'and (u.start_at, u.code) > (?, ?)' : ''}
           order by u.start_at, u.code collate "C" limit ${q.limit}`,
      [q.from, q.to, ...(q.hasFinal && q.provider ? [q.period] : []), ...(q.after ? [q.after.start, q.after.code] : [])]);
  }

  /** Every voucher, as the pure rules see it: ids stand in for codes, holder and payer are compared by institution id. */
  async vouchers(em: EntityManager): Promise<Map<string, Voucher>> {
    const rows = await em.execute<VoucherRow[]>(
      `select id, holder_institution_id, face_value_fen::text, cover_bps, per_use_cap_fen::text, valid_from, valid_to, mode, provider_regions from billing.voucher`);
    return new Map(rows.map((v) => [v.id, {
      code: v.id, holderInstitutionCode: v.holder_institution_id, faceValueFen: BigInt(v.face_value_fen), coverBps: v.cover_bps,
      perUseCapFen: v.per_use_cap_fen === null ? null : BigInt(v.per_use_cap_fen), validFrom: new Date(v.valid_from), validTo: v.valid_to === null ? null : new Date(v.valid_to),
      mode: v.mode, providerRegions: v.provider_regions,
    }]));
  }

  /** What each voucher paid for records settled before this month, and for this month's final statements. */
  async drawnBefore(em: EntityManager, from: Date, period: string): Promise<Map<string, bigint>> {
    // Of this month only final statements' charges: after the delete, unscoped, they are all that is left; scoped, others' drafts are recomputed.
    const rows = await em.execute<{ voucher_id: string; drawn: string }[]>(
      `select c.voucher_id, sum(c.voucher_fen)::text as drawn from billing.charge c join billing.usage_record u on u.id = c.usage_record_id
       where c.voucher_id is not null and (u.start_at < ? or (c.period = ? and exists (select 1 from billing.statement s where s.period = c.period
         and s.status <> 'draft' and s.provider_institution_id = c.provider_institution_id and s.payer_institution_id = c.payer_institution_id)))
       group by c.voucher_id`, [from, period]);
    return new Map(rows.map((r) => [r.voucher_id, BigInt(r.drawn)]));
  }

  async insertCharges(em: EntityManager, period: string, charges: readonly NewCharge[]): Promise<void> {
    if (!charges.length) return;
    await boundQuery(em,
      `insert into billing.charge (usage_record_id, period, provider_institution_id, payer_institution_id, rate_code, external, billed_units, amount_fen, voucher_id, voucher_fen, payable_fen)
         select t.id, ?, t.provider, t.payer, t.rate, t.external, t.units, t.amount, t.voucher, t.voucher_fen, t.amount - t.voucher_fen
         from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::boolean[], ?::text[], ?::bigint[], ?::uuid[], ?::bigint[])
           as t(id, provider, payer, rate, external, units, amount, voucher, voucher_fen)`,
      [period, pgArray(charges.map((c) => c.id)), pgArray(charges.map((c) => c.provider)), pgArray(charges.map((c) => c.payer)),
        pgArray(charges.map((c) => c.rate)), pgArray(charges.map((c) => String(c.external))), pgArray(charges.map((c) => c.units)),
        pgArray(charges.map((c) => c.amount.toString())), pgArray(charges.map((c) => c.voucher)), pgArray(charges.map((c) => c.voucherFen.toString()))]);
  }

  async insertUnbilled(em: EntityManager, period: string, unbilled: readonly { id: string; reason: string; message: string }[]): Promise<void> {
    if (!unbilled.length) return;
    await boundQuery(em,
      `insert into billing.unbilled (usage_record_id, period, reason, message) select t.id, ?, t.reason, t.message
         from unnest(?::uuid[], ?::text[], ?::text[]) as t(id, reason, message)`,
      [period, pgArray(unbilled.map((u) => u.id)), pgArray(unbilled.map((u) => u.reason)), pgArray(unbilled.map((u) => u.message))]);
  }

  async insertRefusals(em: EntityManager, period: string, refusals: readonly { id: string; voucher: string; reason: string; message: string }[]): Promise<void> {
    if (!refusals.length) return;
    await boundQuery(em,
      `insert into billing.voucher_refusal (usage_record_id, voucher_id, period, reason, message) select t.id, t.voucher, ?, t.reason, t.message
         from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[]) as t(id, voucher, reason, message)`,
      [period, pgArray(refusals.map((r) => r.id)), pgArray(refusals.map((r) => r.voucher)),
        pgArray(refusals.map((r) => r.reason)), pgArray(refusals.map((r) => r.message))]);
  }

  /** Draft statements of the month from its charges: same keys on every run, totals the sum of the lines. */
  /**
   * Issue 18: one `billing.charge.settled` event per charge this run wrote (settled_at is the
   * transaction's now()) on a check-out paid from a fund account, in the settlement's transaction:
   * the booking service then replaces the booking's hold by the charge. Charges of final statements
   * that survived the run keep their earlier settled_at and are not sent again.
   */
  async writeFundAccountCharges(em: EntityManager, period: string, provider: string | null): Promise<number> {
    const instant = `to_char(c.settled_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const rows = await em.execute<{ id: string }[]>(
      `insert into billing.outbox (id, subject, payload)
       select e.id, '${Events.chargeSettled.subject}', jsonb_build_object('eventId', e.id, 'occurredAt', ${instant}, 'bookingId', u.booking_id,
         'fundAccountId', u.fund_account_id, 'usageRecordId', u.id, 'period', c.period, 'payableFen', c.payable_fen, 'settledAt', ${instant})
       from billing.charge c join billing.usage_record u on u.id = c.usage_record_id cross join lateral (select gen_random_uuid() as id) e
       where c.period = ? ${provider ? 'and c.provider_institution_id = ?' : ''} and c.settled_at = now()
         and u.fund_account_id is not null and u.booking_id is not null
       returning id`, provider ? [period, provider] : [period]);
    return rows.length;
  }

  /**
   * What a month's statements add up to (of one provider, if scoped): the audit trail's before and
   * after of a settlement, in the settlement's transaction.
   */
  async statementTotals(em: EntityManager, period: string, provider: string | null): Promise<StatementTotals> {
    const [row] = await em.execute<{ statements: string; lines: string; amount: string; voucher: string; payable: string }[]>(
      `select count(*)::text as statements, coalesce(sum(lines), 0)::text as lines, coalesce(sum(amount_fen), 0)::text as amount,
         coalesce(sum(voucher_fen), 0)::text as voucher, coalesce(sum(payable_fen), 0)::text as payable
       from billing.statement where period = ? ${provider ? 'and provider_institution_id = ?' : ''}`, provider ? [period, provider] : [period]);
    return { statements: Number(row.statements), lines: Number(row.lines), amountFen: Number(row.amount), voucherFen: Number(row.voucher), payableFen: Number(row.payable) };
  }

  async writeStatements(em: EntityManager, period: string, provider: string | null): Promise<number> {
    const ofProvider = provider ? 'and provider_institution_id = ?' : '';
    const params = provider ? [period, provider] : [period];
    await em.execute(
      `insert into billing.statement (id, provider_institution_id, payer_institution_id, period, lines, amount_fen, voucher_fen, payable_fen)
       select gen_random_uuid(), provider_institution_id, payer_institution_id, period, count(*), sum(amount_fen), sum(voucher_fen), sum(payable_fen)
       from billing.charge where period = ? ${ofProvider} group by provider_institution_id, payer_institution_id, period
       on conflict (provider_institution_id, payer_institution_id, period) do update
         set lines = excluded.lines, amount_fen = excluded.amount_fen, voucher_fen = excluded.voucher_fen, payable_fen = excluded.payable_fen, updated_at = now()
         where billing.statement.status = 'draft'
           and (billing.statement.lines, billing.statement.amount_fen, billing.statement.voucher_fen) is distinct from (excluded.lines, excluded.amount_fen, excluded.voucher_fen)`,
      params);
    await em.execute(
      `delete from billing.statement s where s.period = ? ${provider ? 'and s.provider_institution_id = ?' : ''} and s.status = 'draft'
         and not exists (select 1 from billing.charge c where c.period = s.period and c.provider_institution_id = s.provider_institution_id and c.payer_institution_id = s.payer_institution_id)`,
      params);
    const [{ n }] = await em.execute<{ n: string }[]>(`select count(*) as n from billing.statement where period = ? ${ofProvider}`, params);
    return Number(n);
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { BillingFacts } from '@yixiang/contracts';
import { boundQuery, pgArray } from '@yixiang/common';
import {
  drawVouchers, isCharge, nextPeriod, periodInterval, periodOf, periodStart, priceUsage, RateCard, Voucher, VoucherClaim,
} from '@yixiang/domain';
import { BillingConfig } from '../config';
import { FactsClient } from './facts.client';


export interface SettlementResult {
  periods: { period: string; records: number; charged: number; unbilled: number; voucherRefusals: number; statements: number }[];
}

interface RecordRow {
  id: string; code: string; instrument_id: string; provider_institution_id: string; user_institution_id: string;
  service_mode: 'self' | 'assisted' | 'sample'; service_category: string; start_at: Date | string; end_at: Date | string;
  samples: number | null; voucher_id: string | null;
}

interface PeriodContext {
  cards: Map<string, RateCard[]>;
  codes: Map<string, string>;
  vouchers: Map<string, Voucher>;
  /** What each voucher has paid so far, in draw order. */
  drawn: Map<string, bigint>;
  counts: { charged: number; unbilled: number; voucherRefusals: number };
}

/**
 * Settlement of a month: every completed usage record that starts in it is priced by the card valid
 * at its start, draws on its voucher in the order of start then code, and lands in the statement of
 * its provider, payer and month. A period is settled in one transaction under an advisory lock:
 * a crash rolls it back whole, a second worker waits, and running it again recomputes the same rows
 * into the same keys. Because vouchers draw in order of start across months, settling a month first
 * settles every earlier month that still has unsettled records.
 *
 * An institution admin's run is limited to one provider (`provider`): it computes every record of each
 * month exactly as the bureau's run would — vouchers draw across providers, so another provider's
 * records change what this one's may draw — but writes, deletes and reports only that provider's
 * charges, unbilled entries, refusals and statements. The keys are the same (one charge per record,
 * one statement per provider, payer and month), so the bureau's run and an admin's over the same
 * month converge on the same rows.
 */
@Injectable()
export class SettlementService {
  private readonly logger = new Logger(SettlementService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly facts: FactsClient,
    private readonly config: BillingConfig,
  ) {}

  async settle(period: string, progress: (percent: number) => Promise<void> = async () => undefined, provider: string | null = null): Promise<SettlementResult> {
    const periods = await this.periodsToSettle(period);
    const result: SettlementResult = { periods: [] };
    // What a scoped run computed for other providers' records but left unwritten, carried into later months' balances.
    const carried = new Map<string, bigint>();
    for (const [i, p] of periods.entries()) {
      const counts = await this.settlePeriod(p, async (f) => progress(Math.floor(((i + f) / periods.length) * 100)), provider, carried);
      // A scoped run reports only months in which its provider had something: the others' backlog is not theirs to see.
      if (!provider || counts.records > 0 || counts.statements > 0 || p === period) result.periods.push(counts);
    }
    await progress(100);
    return result;
  }

  /** The asked month, preceded by every earlier month with a completed record that has neither charge nor unbilled entry. */
  private async periodsToSettle(period: string): Promise<string[]> {
    const [row] = await this.em.getConnection().execute<{ first: Date | string | null }[]>(
      `select min(u.start_at) as first from billing.usage_record u
       where u.status = 'completed' and u.start_at < ?
         and not exists (select 1 from billing.charge c where c.usage_record_id = u.id)
         and not exists (select 1 from billing.unbilled b where b.usage_record_id = u.id)`, [periodStart(period)]);
    const periods: string[] = [];
    for (let p = row.first ? periodOf(new Date(row.first)) : period; p <= period; p = nextPeriod(p)) periods.push(p);
    return periods;
  }

  private async settlePeriod(
    period: string, progress: (fraction: number) => Promise<void>, provider: string | null, carried: Map<string, bigint>,
  ): Promise<SettlementResult['periods'][number]> {
    const { from, to } = periodInterval(period);
    return this.em.fork().transactional(async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('billing.settlement'))`);
      // Records in statements already issued or paid are final; everything else of the month (of the provider, if scoped) is recomputed.
      const finalFilter = `exists (select 1 from billing.statement s where s.period = ? and s.status <> 'draft'
        and s.provider_institution_id = c.provider_institution_id and s.payer_institution_id = c.payer_institution_id)`;
      const ofProvider = provider ? 'and c.provider_institution_id = ?' : '';
      const recordOfProvider = provider ? `and exists (select 1 from billing.usage_record u where u.id = usage_record_id and u.provider_institution_id = ?)` : '';
      const scoped = (params: unknown[]) => (provider ? [...params, provider] : params);
      // Other providers' drafts survive a scoped run: their vouchers' draws are recomputed below, and what differs is carried on.
      const othersDrafts = provider ? await em.execute<{ voucher_id: string; fen: string }[]>(
        `select c.voucher_id, sum(c.voucher_fen)::text as fen from billing.charge c where c.period = ? and c.provider_institution_id <> ?
           and c.voucher_id is not null and not ${finalFilter} group by c.voucher_id`, [period, provider, period]) : [];
      await em.execute(`delete from billing.charge c where c.period = ? ${ofProvider} and not ${finalFilter}`, [...scoped([period]), period]);
      await em.execute(`delete from billing.unbilled where period = ? ${recordOfProvider}`, scoped([period]));
      await em.execute(`delete from billing.voucher_refusal where period = ? ${recordOfProvider}`, scoped([period]));
      // Unscoped, charges that survived the delete belong to final statements; only then must the scan skip charged records.
      // Scoped, other providers' drafts survive too, and their records are recomputed like the rest.
      const [{ n: finalCharges }] = await em.execute<{ n: string }[]>(`select count(*) as n from billing.charge c where c.period = ? and ${finalFilter}`, [period, period]);
      const hasFinal = Number(finalCharges) > 0;
      const skipCharged = provider ? `and not exists (select 1 from billing.charge c where c.usage_record_id = u.id and ${finalFilter})` : 'and not exists (select 1 from billing.charge c where c.usage_record_id = u.id)';

      const [{ total }] = await em.execute<{ total: string }[]>(
        `select count(*) as total from billing.usage_record where status = 'completed' and start_at >= ? and start_at < ?`, [from, to]);
      const vouchers = await this.vouchers(em);
      const drawn = await this.drawnBefore(em, from, period);
      for (const [voucher, fen] of carried) drawn.set(voucher, (drawn.get(voucher) ?? 0n) + fen);
      const counted = new Map(othersDrafts.map((r) => [r.voucher_id, -BigInt(r.fen)]));
      const cards = new Map<string, RateCard[]>();
      const codes = new Map<string, string>();
      const counts = { period, records: 0, charged: 0, unbilled: 0, voucherRefusals: 0, statements: 0 };
      const outOfScope = { provider, drawn: counted };
      let after: { start: Date; code: string } | null = null;
      for (;;) {
        const batch: RecordRow[] = await boundQuery<RecordRow>(em,
          `select u.id, u.code, u.instrument_id, u.provider_institution_id, u.user_institution_id, u.service_mode, u.service_category,
             u.start_at, u.end_at, u.samples, u.voucher_id
           from billing.usage_record u
           where u.status = 'completed' and u.start_at >= ? and u.start_at < ?
             ${hasFinal ? skipCharged : ''}
             ${after ? 'and (u.start_at, u.code) > (?, ?)' : ''}
           order by u.start_at, u.code collate "C" limit ${this.config.SETTLEMENT_BATCH}`,
          [from, to, ...(hasFinal && provider ? [period] : []), ...(after ? [after.start, after.code] : [])]);
        if (batch.length === 0) break;
        await this.loadCards(batch, cards, codes);
        await this.writeBatch(em, period, batch, { cards, codes, vouchers, drawn, counts }, outOfScope);
        counts.records += provider ? batch.filter((r) => r.provider_institution_id === provider).length : batch.length;
        const last = batch[batch.length - 1];
        after = { start: new Date(last.start_at), code: last.code };
        await progress(Number(total) ? counts.records / Number(total) : 1);
      }
      counts.statements = await this.writeStatements(em, period, provider);
      for (const [voucher, fen] of counted) carried.set(voucher, (carried.get(voucher) ?? 0n) + fen);
      this.logger.log(`settled ${period}${provider ? ` for provider ${provider}` : ''}: ${JSON.stringify(counts)}`);
      return counts;
    });
  }

  private async vouchers(em: EntityManager): Promise<Map<string, Voucher>> {
    const rows = await em.execute<{ id: string; holder_institution_id: string; face_value_fen: string; cover_bps: number; per_use_cap_fen: string | null; valid_from: Date | string; valid_to: Date | string | null }[]>(
      `select id, holder_institution_id, face_value_fen::text, cover_bps, per_use_cap_fen::text, valid_from, valid_to from billing.voucher`);
    // Ids stand in for codes in the pure rules: holder and payer are compared by institution id.
    return new Map(rows.map((v) => [v.id, {
      code: v.id, holderInstitutionCode: v.holder_institution_id, faceValueFen: BigInt(v.face_value_fen), coverBps: v.cover_bps,
      perUseCapFen: v.per_use_cap_fen === null ? null : BigInt(v.per_use_cap_fen), validFrom: new Date(v.valid_from), validTo: v.valid_to === null ? null : new Date(v.valid_to),
    }]));
  }

  /** What each voucher paid for records settled before this month, and for this month's final statements. */
  private async drawnBefore(em: EntityManager, from: Date, period: string): Promise<Map<string, bigint>> {
    // Of this month only final statements' charges: after the delete, unscoped, they are all that is left; scoped, others' drafts are recomputed.
    const rows = await em.execute<{ voucher_id: string; drawn: string }[]>(
      `select c.voucher_id, sum(c.voucher_fen)::text as drawn from billing.charge c join billing.usage_record u on u.id = c.usage_record_id
       where c.voucher_id is not null and (u.start_at < ? or (c.period = ? and exists (select 1 from billing.statement s where s.period = c.period
         and s.status <> 'draft' and s.provider_institution_id = c.provider_institution_id and s.payer_institution_id = c.payer_institution_id)))
       group by c.voucher_id`, [from, period]);
    return new Map(rows.map((r) => [r.voucher_id, BigInt(r.drawn)]));
  }

  /** Rate cards of the batch's instruments, asked of the catalogue once per instrument per settlement. */
  private async loadCards(batch: RecordRow[], cards: Map<string, RateCard[]>, codes: Map<string, string>): Promise<void> {
    const missing = [...new Set(batch.map((r) => r.instrument_id))].filter((id) => !cards.has(id));
    if (!missing.length) return;
    const facts: BillingFacts = await this.facts.facts(missing, []);
    for (const id of missing) cards.set(id, []);
    for (const i of facts.instruments) codes.set(i.id, i.code);
    for (const c of facts.rateCards) {
      (cards.get(c.instrumentId) as RateCard[]).push({
        code: c.code, instrumentCode: c.instrumentId, serviceMode: c.serviceMode, unit: c.unit, internalPriceFen: BigInt(c.internalPriceFen),
        externalPriceFen: BigInt(c.externalPriceFen), incrementMinutes: c.incrementMinutes, minimumChargeFen: BigInt(c.minimumChargeFen),
        validFrom: new Date(c.validFrom), validTo: c.validTo === null ? null : new Date(c.validTo),
      });
    }
  }

  /**
   * `outOfScope`: in a scoped run, rows of other providers are computed (their voucher draws count) but not
   * written; what they drew is added to `drawn` per voucher, to be carried into later months.
   */
  private async writeBatch(
    em: EntityManager, period: string, batch: RecordRow[], ctx: PeriodContext, outOfScope: { provider: string | null; drawn: Map<string, bigint> },
  ): Promise<void> {
    const { cards, codes, vouchers: voucherById, drawn: balances, counts: tally } = ctx;
    const charges: { id: string; payer: string; provider: string; rate: string; external: boolean; units: string; amount: bigint; voucher: string | null; voucherFen: bigint }[] = [];
    const unbilled: { id: string; reason: string; message: string }[] = [];
    const claims: VoucherClaim[] = [];
    const recordById = new Map(batch.map((r) => [r.id, r]));
    for (const r of batch) {
      const external = r.user_institution_id !== r.provider_institution_id;
      const priced = priceUsage({
        code: r.id, instrumentCode: r.instrument_id, serviceMode: r.service_mode, start: new Date(r.start_at), end: new Date(r.end_at), samples: r.samples, external,
      }, cards.get(r.instrument_id) ?? []);
      if (!isCharge(priced)) {
        unbilled.push({ id: r.id, reason: priced.reason, message: priced.message.replace(r.instrument_id, codes.get(r.instrument_id) ?? r.instrument_id) });
        continue;
      }
      charges.push({ id: r.id, payer: r.user_institution_id, provider: r.provider_institution_id, rate: priced.rateCode, external, units: priced.billedUnits, amount: priced.amountFen, voucher: null, voucherFen: 0n });
      if (r.voucher_id) {
        claims.push({ usageCode: r.id, voucherCode: r.voucher_id, start: new Date(r.start_at), amountFen: priced.amountFen, external, serviceCategory: r.service_category, userInstitutionCode: r.user_institution_id });
      }
    }
    // The batch is in (start, code) order and balances carry over from batch to batch.
    const orderedClaims = claims.map((c) => ({ ...c, usageCode: recordById.get(c.usageCode)?.code ?? c.usageCode, id: c.usageCode }));
    const { draws, refusals, balances: after } = drawVouchers([...voucherById.values()], orderedClaims, balances);
    const idByCode = new Map(orderedClaims.map((c) => [c.usageCode, c.id]));
    for (const [voucher, left] of after) balances.set(voucher, (voucherById.get(voucher)?.faceValueFen ?? 0n) - left);
    const byId = new Map(charges.map((c) => [c.id, c]));
    for (const d of draws) {
      const charge = byId.get(idByCode.get(d.usageCode) as string);
      if (charge) {
        charge.voucher = d.voucherCode;
        charge.voucherFen = d.voucherFen;
      }
    }
    const { provider } = outOfScope;
    if (provider) {
      const mine = (id: string) => recordById.get(id)?.provider_institution_id === provider;
      for (const c of charges) {
        if (!mine(c.id) && c.voucher) outOfScope.drawn.set(c.voucher, (outOfScope.drawn.get(c.voucher) ?? 0n) + c.voucherFen);
      }
      charges.splice(0, charges.length, ...charges.filter((c) => mine(c.id)));
      unbilled.splice(0, unbilled.length, ...unbilled.filter((u) => mine(u.id)));
      refusals.splice(0, refusals.length, ...refusals.filter((r) => mine(idByCode.get(r.usageCode) as string)));
    }
    if (charges.length) {
      await boundQuery(em,
        `insert into billing.charge (usage_record_id, period, provider_institution_id, payer_institution_id, rate_code, external, billed_units, amount_fen, voucher_id, voucher_fen, payable_fen)
         select t.id, ?, t.provider, t.payer, t.rate, t.external, t.units, t.amount, t.voucher, t.voucher_fen, t.amount - t.voucher_fen
         from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::boolean[], ?::text[], ?::bigint[], ?::uuid[], ?::bigint[])
           as t(id, provider, payer, rate, external, units, amount, voucher, voucher_fen)`,
        [period, pgArray(charges.map((c) => c.id)), pgArray(charges.map((c) => c.provider)), pgArray(charges.map((c) => c.payer)),
          pgArray(charges.map((c) => c.rate)), pgArray(charges.map((c) => String(c.external))), pgArray(charges.map((c) => c.units)),
          pgArray(charges.map((c) => c.amount.toString())), pgArray(charges.map((c) => c.voucher)), pgArray(charges.map((c) => c.voucherFen.toString()))]);
    }
    if (unbilled.length) {
      await boundQuery(em,
        `insert into billing.unbilled (usage_record_id, period, reason, message) select t.id, ?, t.reason, t.message
         from unnest(?::uuid[], ?::text[], ?::text[]) as t(id, reason, message)`,
        [period, pgArray(unbilled.map((u) => u.id)), pgArray(unbilled.map((u) => u.reason)), pgArray(unbilled.map((u) => u.message))]);
    }
    if (refusals.length) {
      await boundQuery(em,
        `insert into billing.voucher_refusal (usage_record_id, voucher_id, period, reason, message) select t.id, t.voucher, ?, t.reason, t.message
         from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[]) as t(id, voucher, reason, message)`,
        [period, pgArray(refusals.map((r) => idByCode.get(r.usageCode) as string)), pgArray(refusals.map((r) => r.voucherCode)),
          pgArray(refusals.map((r) => r.reason)), pgArray(refusals.map((r) => r.message))]);
    }
    tally.charged += charges.length;
    tally.unbilled += unbilled.length;
    tally.voucherRefusals += refusals.length;
  }

  /** Draft statements of the month from its charges: same keys on every run, totals the sum of the lines. */
  private async writeStatements(em: EntityManager, period: string, provider: string | null): Promise<number> {
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

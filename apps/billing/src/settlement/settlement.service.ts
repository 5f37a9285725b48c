import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Actor, BillingFacts } from '@yixiang/contracts';
import { AuditTrail } from '@yixiang/common';
import {
  drawVouchers, isCharge, nextPeriod, periodInterval, periodOf, periodStart, priceUsage, RateCard, Voucher, VoucherClaim,
} from '@yixiang/domain';
import { BillingConfig } from '../config';
import { FactsClient } from './facts.client';
import { NewCharge, RecordRow, SettlementRepository } from './settlement.repository';


export interface SettlementResult {
  periods: { period: string; records: number; charged: number; unbilled: number; voucherRefusals: number; statements: number }[];
}

interface PeriodContext {
  cards: Map<string, RateCard[]>;
  codes: Map<string, string>;
  /** Provider institutions' regions (a programme voucher is spent only in its provider regions). */
  regions: Map<string, string | null>;
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
    private readonly repository: SettlementRepository,
    private readonly facts: FactsClient,
    private readonly config: BillingConfig,
    private readonly audit: AuditTrail,
  ) {}

  async settle(
    period: string, progress: (percent: number) => Promise<void> = async () => undefined, provider: string | null = null, actor: Actor | null = null,
  ): Promise<SettlementResult> {
    const periods = await this.periodsToSettle(period);
    const result: SettlementResult = { periods: [] };
    // What a scoped run computed for other providers' records but left unwritten, carried into later months' balances.
    const carried = new Map<string, bigint>();
    for (const [i, p] of periods.entries()) {
      const counts = await this.settlePeriod(p, async (f) => progress(Math.floor(((i + f) / periods.length) * 100)), provider, carried, actor);
      // A scoped run reports only months in which its provider had something: the others' backlog is not theirs to see.
      if (!provider || counts.records > 0 || counts.statements > 0 || p === period) result.periods.push(counts);
    }
    await progress(100);
    return result;
  }

  /** The asked month, preceded by every earlier month with a completed record that has neither charge nor unbilled entry. */
  private async periodsToSettle(period: string): Promise<string[]> {
    const first = await this.repository.firstUnsettledStart(this.em, periodStart(period));
    const periods: string[] = [];
    for (let p = first ? periodOf(first) : period; p <= period; p = nextPeriod(p)) periods.push(p);
    return periods;
  }

  private async settlePeriod(
    period: string, progress: (fraction: number) => Promise<void>, provider: string | null, carried: Map<string, bigint>, actor: Actor | null,
  ): Promise<SettlementResult['periods'][number]> {
    const { from, to } = periodInterval(period);
    return this.em.fork().transactional(async (em) => {
      await this.repository.lock(em);
      const before = await this.repository.statementTotals(em, period, provider);
      // Records in statements already issued or paid are final; everything else of the month (of the provider, if scoped) is recomputed.
      // Other providers' drafts survive a scoped run: their vouchers' draws are recomputed below, and what differs is carried on.
      const othersDrafts = provider ? await this.repository.othersDraftDraws(em, period, provider) : [];
      await this.repository.clearPeriod(em, period, provider);
      // Unscoped, charges that survived the delete belong to final statements; only then must the scan skip charged records.
      const hasFinal = (await this.repository.finalChargeCount(em, period)) > 0;
      const total = await this.repository.completedCount(em, from, to);
      const vouchers = await this.repository.vouchers(em);
      const drawn = await this.repository.drawnBefore(em, from, period);
      for (const [voucher, fen] of carried) drawn.set(voucher, (drawn.get(voucher) ?? 0n) + fen);
      const counted = new Map(othersDrafts.map((r) => [r.voucher_id, -BigInt(r.fen)]));
      const cards = new Map<string, RateCard[]>();
      const codes = new Map<string, string>();
      const regions = new Map<string, string | null>();
      const counts = { period, records: 0, charged: 0, unbilled: 0, voucherRefusals: 0, statements: 0 };
      const outOfScope = { provider, drawn: counted };
      let after: { start: Date; code: string } | null = null;
      for (;;) {
        const batch = await this.repository.recordBatch(em, { from, to, period, provider, hasFinal, after, limit: this.config.SETTLEMENT_BATCH });
        if (batch.length === 0) break;
        await this.loadCards(batch, cards, codes, regions);
        await this.loadRegions(batch, vouchers, regions);
        await this.writeBatch(em, period, batch, { cards, codes, regions, vouchers, drawn, counts }, outOfScope);
        counts.records += provider ? batch.filter((r) => r.provider_institution_id === provider).length : batch.length;
        const last = batch[batch.length - 1];
        after = { start: new Date(last.start_at), code: last.code };
        await progress(total ? counts.records / total : 1);
      }
      counts.statements = await this.repository.writeStatements(em, period, provider);
      await this.repository.writeFundAccountCharges(em, period, provider);
      await this.audit.append(em, {
        actor, action: 'settlement.settle', objectType: 'settlement', objectId: provider ? `${period}:${provider}` : period,
        before, after: { ...(await this.repository.statementTotals(em, period, provider)), records: counts.records, charged: counts.charged, unbilled: counts.unbilled },
      });
      for (const [voucher, fen] of counted) carried.set(voucher, (carried.get(voucher) ?? 0n) + fen);
      this.logger.log(`settled ${period}${provider ? ` for provider ${provider}` : ''}: ${JSON.stringify(counts)}`);
      return counts;
    });
  }

  /** Rate cards of the batch's instruments, asked of the catalogue once per instrument per settlement. */
  private async loadCards(batch: RecordRow[], cards: Map<string, RateCard[]>, codes: Map<string, string>, regions: Map<string, string | null>): Promise<void> {
    const missing = [...new Set(batch.map((r) => r.instrument_id))].filter((id) => !cards.has(id));
    if (!missing.length) return;
    const facts: BillingFacts = await this.facts.facts(missing, []);
    for (const id of missing) cards.set(id, []);
    for (const i of facts.instruments) codes.set(i.id, i.code);
    for (const i of facts.institutions) regions.set(i.id, i.region ?? null);
    for (const c of facts.rateCards) {
      (cards.get(c.instrumentId) as RateCard[]).push({
        code: c.code, instrumentCode: c.instrumentId, serviceMode: c.serviceMode, unit: c.unit, internalPriceFen: BigInt(c.internalPriceFen),
        externalPriceFen: BigInt(c.externalPriceFen), incrementMinutes: c.incrementMinutes, minimumChargeFen: BigInt(c.minimumChargeFen),
        validFrom: new Date(c.validFrom), validTo: c.validTo === null ? null : new Date(c.validTo),
      });
    }
  }

  /** Regions of the providers of the batch's records that name a voucher limited to provider regions (rarely not known yet). */
  private async loadRegions(batch: RecordRow[], vouchers: Map<string, Voucher>, regions: Map<string, string | null>): Promise<void> {
    const missing = [...new Set(batch.filter((r) => r.voucher_id && (vouchers.get(r.voucher_id)?.providerRegions?.length ?? 0) > 0)
      .map((r) => r.provider_institution_id))].filter((id) => !regions.has(id));
    if (!missing.length) return;
    const facts = await this.facts.facts([], missing);
    for (const id of missing) regions.set(id, null);
    for (const i of facts.institutions) regions.set(i.id, i.region ?? null);
  }

  /**
   * `outOfScope`: in a scoped run, rows of other providers are computed (their voucher draws count) but not
   * written; what they drew is added to `drawn` per voucher, to be carried into later months.
   */
  private async writeBatch(
    em: EntityManager, period: string, batch: RecordRow[], ctx: PeriodContext, outOfScope: { provider: string | null; drawn: Map<string, bigint> },
  ): Promise<void> {
    const { cards, codes, regions, vouchers: voucherById, drawn: balances, counts: tally } = ctx;
    const charges: NewCharge[] = [];
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
        claims.push({ usageCode: r.id, voucherCode: r.voucher_id, start: new Date(r.start_at), amountFen: priced.amountFen, external, serviceCategory: r.service_category, userInstitutionCode: r.user_institution_id,
          providerRegion: regions.get(r.provider_institution_id) ?? null,
        });
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
    await this.repository.insertCharges(em, period, charges);
    await this.repository.insertUnbilled(em, period, unbilled);
    await this.repository.insertRefusals(em, period, refusals.map((r) => ({ id: idByCode.get(r.usageCode) as string, voucher: r.voucherCode, reason: r.reason, message: r.message })));
    tally.charged += charges.length;
    tally.unbilled += unbilled.length;
    tally.voucherRefusals += refusals.length;
  }
}

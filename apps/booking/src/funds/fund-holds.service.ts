import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Actor, ChargeSettledEvent } from '@yixiang/contracts';
import { authorize, fail } from '@yixiang/common';
import { chargeBooking, holdEstimate, holdRefusal, holdRefusalMessage, noSuch, type RateCard, UUID_PATTERN } from '@yixiang/domain';
import { BookingsRepository } from '../bookings/bookings.repository';
import { CatalogueClient } from '../shared/catalogue.client';
import { BookingRow } from '../shared/booking.rows';
import { balanceOf, FundAccountRow, ResearchGroupsRepository } from './research-groups.repository';
import { groupObject } from './research-groups.service';

/** An account a booker may pay from, with its group's PI (who approves members' larger bookings). */
export type UsableAccount = FundAccountRow & { pi_user_id: string };

/** What a hold is estimated from: the booking's instrument, parties, mode, interval and samples. */
export interface HoldBasis {
  instrumentId: string;
  providerInstitutionId: string;
  userInstitutionId: string;
  serviceMode: 'self' | 'assisted' | 'sample';
  start: Date;
  end: Date;
  samples: number | null;
}

/**
 * Holds (预扣) on fund accounts. A hold is taken in the caller's transaction with the account's row
 * locked, and checked against the holds and charges that lock lets it see: that is what keeps
 * simultaneous bookings within a budget. A hold is released by the status change that ends the
 * booking unused (BookingsRepository.changeStatus), in the same statement.
 */
@Injectable()
export class FundHoldsService {
  constructor(
    private readonly em: EntityManager,
    private readonly groups: ResearchGroupsRepository,
    private readonly bookings: BookingsRepository,
    private readonly catalogue: CatalogueClient,
  ) {}

  /** The account, if the caller may pay from it (a member of its group); a booking names it before anything is written. */
  async usable(actor: Actor, fundAccountId: string): Promise<UsableAccount> {
    const notFound = noSuch('经费卡', 'fund account', fundAccountId);
    if (!UUID_PATTERN.test(fundAccountId)) fail('NOT_FOUND', notFound);
    const account = await this.groups.account(fundAccountId.toLowerCase());
    if (!account) fail('NOT_FOUND', notFound);
    const group = await this.groups.group(account.group_id);
    if (!group) fail('NOT_FOUND', notFound);
    authorize(actor, 'fund-account.use', groupObject(group), notFound);
    return { ...account, pi_user_id: group.pi_user_id };
  }

  /** The estimated charge of the booking, priced as settlement will price its use. */
  async estimate(basis: HoldBasis): Promise<bigint> {
    const cards: RateCard[] = (await this.catalogue.rateCards(basis.instrumentId)).map((c) => ({
      code: c.code, instrumentCode: c.instrumentId, serviceMode: c.serviceMode, unit: c.unit, internalPriceFen: BigInt(c.internalPriceFen),
      externalPriceFen: BigInt(c.externalPriceFen), incrementMinutes: c.incrementMinutes, minimumChargeFen: BigInt(c.minimumChargeFen),
      validFrom: new Date(c.validFrom), validTo: c.validTo === null ? null : new Date(c.validTo),
    }));
    return holdEstimate({
      code: 'estimate', instrumentCode: basis.instrumentId, serviceMode: basis.serviceMode, start: basis.start, end: basis.end, samples: basis.samples,
      external: basis.userInstitutionId !== basis.providerInstitutionId,
    }, cards);
  }

  /** Refuses (422) now what a hold would refuse, without taking one: a booking that awaits approval is told early. */
  refuseEarly(account: FundAccountRow, amountFen: bigint, at: Date): void {
    const refusal = holdRefusal(balanceOf(account), amountFen, at);
    if (refusal) this.refuse(account, refusal);
  }

  /** Takes the booking's hold in the caller's transaction, or refuses (422, rolling the transaction back). */
  async take(em: EntityManager, booking: BookingRow, amountFen: bigint): Promise<BookingRow> {
    const account = await this.groups.lockAccount(em, booking.fund_account_id as string);
    if (!account) fail('NOT_FOUND', noSuch('经费卡', 'fund account', booking.fund_account_id as string));
    const refusal = holdRefusal(balanceOf(account), amountFen, booking.start_at);
    if (refusal) this.refuse(account, refusal);
    return this.bookings.hold(em, booking.id, account.id, amountFen);
  }

  /** The fund account a check-out's usage record names (its code too: billing cannot read booking's tables). */
  async payer(em: EntityManager, booking: BookingRow): Promise<{ fundAccountId: string | null; fundAccountCode: string | null }> {
    if (!booking.fund_account_id) return { fundAccountId: null, fundAccountCode: null };
    const [row] = await em.execute<{ code: string }[]>(`select code from booking.fund_account where id = ?`, [booking.fund_account_id]);
    return { fundAccountId: booking.fund_account_id, fundAccountCode: row?.code ?? null };
  }

  /**
   * Settlement's charge replaces the booking's hold on its account (billing.charge.settled): in one
   * transaction, each event once (booking.applied_event), the booking's row then the account's locked
   * (the order every hold takes), and a charge older than the one already applied ignored.
   */
  async settle(event: ChargeSettledEvent): Promise<'applied' | 'duplicate' | 'stale' | 'ignored'> {
    return this.em.fork().transactional(async (em) => {
      const fresh = await em.execute<{ event_id: string }[]>(`insert into booking.applied_event (event_id) values (?) on conflict do nothing returning event_id`, [event.eventId]);
      if (!fresh.length) return 'duplicate';
      const [booking] = await em.execute<{ fund_account_id: string | null; held_fen: string | null; charged_fen: string | null; newer: boolean }[]>(
        `select fund_account_id, held_fen, charged_fen, (charge_settled_at is null or charge_settled_at < ?::timestamptz) as newer
         from booking.booking where id = ? and kind = 'booking' for update`, [event.settledAt, event.bookingId]);
      if (!booking || booking.fund_account_id !== event.fundAccountId) return 'ignored';
      if (!booking.newer) return 'stale';
      const account = await this.groups.lockAccount(em, event.fundAccountId);
      if (!account) return 'ignored';
      const next = chargeBooking(balanceOf(account), {
        heldFen: booking.held_fen === null ? null : BigInt(booking.held_fen), chargedFen: booking.charged_fen === null ? null : BigInt(booking.charged_fen),
      }, BigInt(event.payableFen));
      await em.execute(`update booking.fund_account set held_fen = ?, charged_fen = ? where id = ?`, [next.heldFen.toString(), next.chargedFen.toString(), account.id]);
      await em.execute(`update booking.booking set held_fen = null, charged_fen = ?, charge_settled_at = ?::timestamptz where id = ?`, [String(event.payableFen), event.settledAt, event.bookingId]);
      return 'applied';
    });
  }

  private refuse(account: FundAccountRow, refusal: NonNullable<ReturnType<typeof holdRefusal>>): never {
    const message = holdRefusalMessage(account, refusal);
    fail('RULE_VIOLATION', message, {
      rules: [{ rule: `fund-account-${refusal.reason}`, message }],
      fundAccount: { id: account.id, code: account.code, name: account.name },
      ...(refusal.reason === 'over-budget' ? { shortfallFen: Number(refusal.shortfallFen), availableFen: Number(refusal.availableFen) } : {}),
    });
  }
}

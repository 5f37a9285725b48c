import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Actor } from '@yixiang/contracts';
import { authorize, fail } from '@yixiang/common';
import { holdEstimate, holdRefusal, holdRefusalMessage, noSuch, type RateCard, UUID_PATTERN } from '@yixiang/domain';
import { BookingsRepository } from '../bookings/bookings.repository';
import { CatalogueClient } from '../shared/catalogue.client';
import { BookingRow } from '../shared/booking.rows';
import { balanceOf, FundAccountRow, ResearchGroupsRepository } from './research-groups.repository';
import { groupObject } from './research-groups.service';

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
    private readonly groups: ResearchGroupsRepository,
    private readonly bookings: BookingsRepository,
    private readonly catalogue: CatalogueClient,
  ) {}

  /** The account, if the caller may pay from it (a member of its group); a booking names it before anything is written. */
  async usable(actor: Actor, fundAccountId: string): Promise<FundAccountRow> {
    const notFound = noSuch('经费卡', 'fund account', fundAccountId);
    if (!UUID_PATTERN.test(fundAccountId)) fail('NOT_FOUND', notFound);
    const account = await this.groups.account(fundAccountId.toLowerCase());
    if (!account) fail('NOT_FOUND', notFound);
    const group = await this.groups.group(account.group_id);
    if (!group) fail('NOT_FOUND', notFound);
    authorize(actor, 'fund-account.use', groupObject(group), notFound);
    return account;
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

  private refuse(account: FundAccountRow, refusal: NonNullable<ReturnType<typeof holdRefusal>>): never {
    const message = holdRefusalMessage(account, refusal);
    fail('RULE_VIOLATION', message, {
      rules: [{ rule: `fund-account-${refusal.reason}`, message }],
      fundAccount: { id: account.id, code: account.code, name: account.name },
      ...(refusal.reason === 'over-budget' ? { shortfallFen: Number(refusal.shortfallFen), availableFen: Number(refusal.availableFen) } : {}),
    });
  }
}

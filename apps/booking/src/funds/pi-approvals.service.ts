import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Actor, BookingView, Events, PiDecisionDto } from '@yixiang/contracts';
import { authorize, can, fail, requireActor } from '@yixiang/common';
import { noSuch, said } from '@yixiang/domain';
import { writeOutbox } from '../outbox/outbox.writer';
import { BookingsRepository } from '../bookings/bookings.repository';
import { BookingsService } from '../bookings/bookings.service';
import { bookingEventBase } from '../bookings/booking-events';
import { CatalogueClient } from '../shared/catalogue.client';
import { BookingRow, bookingView } from '../shared/booking.rows';
import { WaitlistService } from '../waitlist/waitlist.service';
import { FundHoldsService } from './fund-holds.service';
import { ResearchGroupsRepository } from './research-groups.repository';
import { groupObject, ResearchGroupsService } from './research-groups.service';

/**
 * The PI's approval of members' bookings above a fund account's threshold (issue 18). Such a
 * booking is requested and holds nothing until the PI decides. Approved: an instrument that needs
 * no approval approves it at once, taking the hold in the same transaction (refused with 422 and
 * nothing recorded when the account cannot hold it); one that needs approval now goes to its
 * approvers (booking.booking.requested). Rejected: the booking is rejected, as an institution's
 * rejection would, and its time offered to whoever waits for it.
 */
@Injectable()
export class PiApprovalsService {
  constructor(
    private readonly em: EntityManager,
    private readonly bookings: BookingsService,
    private readonly repository: BookingsRepository,
    private readonly groups: ResearchGroupsRepository,
    private readonly groupsService: ResearchGroupsService,
    private readonly holds: FundHoldsService,
    private readonly catalogue: CatalogueClient,
    private readonly waitlist: WaitlistService,
  ) {}

  /** The group's members' bookings waiting for its PI (for the group's readers; only the PI decides). */
  async waiting(actor: Actor | null, groupId: string): Promise<BookingView[]> {
    const group = await this.groupsService.readable(actor, groupId);
    const accounts = await this.groups.accounts(group.id);
    return (await this.repository.waitingForPi(accounts.map((a) => a.id))).map(bookingView);
  }

  async decide(actor: Actor | null, id: string, decision: 'approve' | 'reject', dto: PiDecisionDto): Promise<BookingView> {
    const a = requireActor(actor);
    const booking = await this.bookings.load(id);
    const notFound = noSuch('预约', 'booking', id);
    const account = booking.fund_account_id ? await this.groups.account(booking.fund_account_id) : null;
    const group = account ? await this.groups.group(account.group_id) : null;
    const object = group ? groupObject(group) : null;
    // Whoever sees neither the booking nor its group is told nothing about it.
    if (!(await this.bookings.canSee(a, booking)) && !(object && can(a, 'research-group.read', object))) fail('NOT_FOUND', notFound);
    if (!object) fail('FORBIDDEN', said(`预约 ${booking.code} 未使用课题组经费卡，无需课题组负责人审批`, `booking ${booking.code} is not paid from a research group’s fund account; no PI approves it`));
    authorize(a, 'booking.pi-decide', object);
    if (booking.pi_approval !== 'pending' || booking.status !== 'requested') this.notWaiting(booking);
    const instrument = await this.catalogue.context(booking.instrument_id);
    const estimate = decision === 'approve' && !instrument.bookingRules.approvalRequired ? await this.holds.estimate({
      instrumentId: booking.instrument_id, providerInstitutionId: booking.provider_institution_id, userInstitutionId: booking.user_institution_id,
      serviceMode: booking.service_mode, start: booking.start_at, end: booking.end_at, samples: booking.samples,
    }) : null;
    const updated = await this.em.transactional(async (em) => {
      const decided = await this.repository.decidePi(em, booking.id, decision === 'approve' ? 'approved' : 'rejected', a.userId);
      if (!decided) return null;
      if (decision === 'reject') {
        const rejected = await this.repository.changeStatus(em, booking.id, { from: ['requested'], to: 'rejected', checkIn: false, checkOut: false, reason: dto.reason ?? null });
        if (!rejected) return null;
        await this.waitlist.offerFreed(em, rejected.instrument_id, rejected.start_at, rejected.end_at, new Date(), instrument);
        await writeOutbox(em, Events.bookingRejected, { ...bookingEventBase(rejected, instrument), reason: dto.reason ?? null });
        return rejected;
      }
      if (estimate === null) {
        // The instrument's approvers hear of it now, not before the PI agreed to pay.
        await writeOutbox(em, Events.bookingRequested, bookingEventBase(decided, instrument));
        return decided;
      }
      const approved = await this.repository.changeStatus(em, booking.id, { from: ['requested'], to: 'approved', checkIn: false, checkOut: false, reason: null, piSettled: true });
      if (!approved) return null;
      const held = await this.holds.take(em, approved, estimate);
      await writeOutbox(em, Events.bookingApproved, { ...bookingEventBase(held, instrument), approvedBy: a.userId });
      return held;
    });
    if (!updated) this.notWaiting(await this.bookings.load(id));
    return bookingView(updated);
  }

  private notWaiting(booking: BookingRow): never {
    const why = booking.pi_approval === 'pending'
      ? said(`预约 ${booking.code} 已不是待审核状态`, `booking ${booking.code} is no longer requested`)
      : booking.pi_approval === null
        ? said(`预约 ${booking.code} 无需课题组负责人审批`, `booking ${booking.code} needs no PI approval`)
        : said(`预约 ${booking.code} 已由课题组负责人${booking.pi_approval === 'approved' ? '批准' : '驳回'}`, `the PI already ${booking.pi_approval} booking ${booking.code}`);
    fail('ILLEGAL_TRANSITION', why, { status: booking.status, piApproval: booking.pi_approval });
  }
}

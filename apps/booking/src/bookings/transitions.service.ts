import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  Actor, BookingAction, BookingActionDto, BookingView, Events, UsageRecordedEvent,
} from '@yixiang/contracts';
import { authorize, can, fail, requireActor } from '@yixiang/common';
import { cancelViolation, checkInViolation, overrunOf, TRANSITIONS, usageInterval } from '@yixiang/domain/booking';
import { writeOutbox } from '../outbox/outbox.writer';
import { CatalogueClient } from '../shared/catalogue.client';
import { BookingRow, bookingView } from '../shared/booking.rows';
import { BookingsRepository } from './bookings.repository';
import { BookingsService } from './bookings.service';
import { bookingEventBase, noShowEvent } from './booking-events';
import { SuspensionsService } from '../policy/suspensions.service';
import { WaitlistService } from '../waitlist/waitlist.service';
import { FundHoldsService } from '../funds/fund-holds.service';
import { said, noSuch } from '@yixiang/domain';


@Injectable()
export class TransitionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: BookingsRepository,
    private readonly bookings: BookingsService,
    private readonly catalogue: CatalogueClient,
    private readonly suspensions: SuspensionsService,
    private readonly waitlist: WaitlistService,
    private readonly holds: FundHoldsService,
  ) {}

  /**
   * The change is a conditional UPDATE on the status it expects, so two replicas (or two clicks)
   * cannot both move one booking; the event of a check-out or no-show is written to the outbox in
   * the same transaction, so it is published if and only if the change committed.
   */
  async apply(actor: Actor | null, id: string, action: BookingAction, dto: BookingActionDto): Promise<BookingView> {
    const a = requireActor(actor);
    const booking = await this.bookings.load(id);
    if (!(await this.bookings.canSee(a, booking))) fail('NOT_FOUND', noSuch('预约', 'booking', id));
    await this.authorize(a, booking, action);
    const { from, to } = TRANSITIONS[action];
    if (!from.includes(booking.status)) this.illegal(booking, action);
    if (action === 'approve' && booking.pi_approval === 'pending') this.waitsForPi(booking);
    const now = new Date();
    if (action === 'no-show' && now < booking.start_at) fail('RULE_VIOLATION', said('预约开始后才能登记爽约', 'a no-show can only be recorded once the booking has started'), { rules: [{ rule: 'no-show-before-start', message: said('预约尚未开始', 'the booking has not started yet') }] });
    const instrument = await this.catalogue.context(booking.instrument_id);
    if (action === 'check-in') {
      const refused = checkInViolation({ start: booking.start_at, end: booking.end_at, now, rules: instrument.bookingRules });
      if (refused) fail('RULE_VIOLATION', refused.message, { rules: [now >= booking.end_at ? { ...refused, rule: 'check-in-after-end' } : refused] });
    }
    // Issue 18: an approval holds the booking's estimate on its fund account, in this transaction (or is refused with it).
    const estimate = action === 'approve' && booking.fund_account_id ? await this.holds.estimate({
      instrumentId: booking.instrument_id, providerInstitutionId: booking.provider_institution_id, userInstitutionId: booking.user_institution_id,
      serviceMode: booking.service_mode, start: booking.start_at, end: booking.end_at, samples: booking.samples,
    }) : null;
    const updated = await this.em.transactional(async (em) => {
      let row = await this.repository.changeStatus(em, id, {
        from, to, checkIn: action === 'check-in', checkOut: action === 'check-out', reason: dto.reason ?? null, piSettled: action === 'approve',
      });
      if (!row) return null;
      if (estimate !== null && row.fund_account_id) row = await this.holds.take(em, row, estimate);
      if (action === 'check-out') {
        await writeOutbox(em, Events.usageRecorded, { ...this.usage(row), ...(await this.holds.payer(em, row)) });
        const checkedOut = row.checked_out_at ?? now;
        if (checkedOut > row.end_at) {
          const overrun = overrunOf(row.end_at, checkedOut, await this.repository.startingBetween(em, row.instrument_id, row.end_at, checkedOut));
          if (overrun) return this.repository.flagOverrun(em, row.id, overrun);
        }
      }
      if (action === 'no-show') {
        await writeOutbox(em, Events.noShowRecorded, noShowEvent(row, instrument, false));
        await this.suspensions.afterNoShow(em, row, now);
      }
      if (action === 'cancel' || action === 'reject') await this.waitlist.offerFreed(em, row.instrument_id, row.start_at, row.end_at, now, instrument);
      if (action === 'approve') await writeOutbox(em, Events.bookingApproved, { ...bookingEventBase(row, instrument), approvedBy: a.userId });
      if (action === 'reject') await writeOutbox(em, Events.bookingRejected, { ...bookingEventBase(row, instrument), reason: dto.reason ?? null });
      if (action === 'cancel') {
        const cancelledBy = a.userId === row.user_id ? 'user' : 'institution';
        await writeOutbox(em, Events.bookingCancelled, { ...bookingEventBase(row, instrument), cancelledBy, reason: dto.reason ?? null });
      }
      return row;
    });
    if (!updated) {
      const now = await this.bookings.load(id);
      if (action === 'approve' && now.pi_approval === 'pending') this.waitsForPi(now);
      this.illegal(now, action);
    }
    return bookingView(updated);
  }

  /** The institution approves after the group's PI, never before (issue 18). */
  private waitsForPi(booking: BookingRow): never {
    const message = said(`预约 ${booking.code} 须先经课题组负责人（PI）审批，之后才能审核通过`, `booking ${booking.code} waits for the research group's PI; it can be approved once the PI has approved it`);
    fail('RULE_VIOLATION', message, { rules: [{ rule: 'pi-approval-pending', message }] });
  }

  private async authorize(actor: Actor, booking: BookingRow, action: BookingAction): Promise<void> {
    const object = { providerInstitutionId: booking.provider_institution_id, userId: booking.user_id };
    if (action !== 'cancel') {
      authorize(actor, 'booking.manage', object);
      return;
    }
    authorize(actor, 'booking.cancel', object);
    // The staff cancel at any time; whoever booked, only before the instrument's deadline.
    if (can(actor, 'booking.manage', object)) return;
    const { bookingRules } = await this.catalogue.context(booking.instrument_id);
    const late = booking.status === 'approved' ? cancelViolation({ start: booking.start_at, now: new Date(), rules: bookingRules }) : null;
    if (late) fail('RULE_VIOLATION', late.message, { rules: [late] });
  }

  private illegal(booking: BookingRow, action: BookingAction): never {
    fail('ILLEGAL_TRANSITION', said(`预约 ${booking.code} 当前状态为${STATUS_ZH[booking.status] ?? booking.status}，现在不能${ACTION_ZH[action] ?? action}`, `booking ${booking.code} is ${booking.status}; it cannot ${action === 'check-in' || action === 'check-out' || action === 'no-show' ? `be given ${action}` : `be ${action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'cancelled'}`} now`), {
      status: booking.status, action, allowedFrom: TRANSITIONS[action].from,
    });
  }

  private usage(row: BookingRow): UsageRecordedEvent {
    const { start, end } = usageInterval(row.checked_in_at ?? row.start_at, row.checked_out_at ?? new Date());
    return {
      bookingId: row.id, bookingCode: row.code, instrumentId: row.instrument_id, providerInstitutionId: row.provider_institution_id,
      userId: row.user_id, userInstitutionId: row.user_institution_id, serviceMode: row.service_mode, serviceCategory: row.service_category, start: start.toISOString(),
      end: end.toISOString(), samples: row.samples, projectCode: row.project_code, voucherId: row.voucher_id, status: 'completed',
    };
  }
}

/** A booking's status and the actions on it as the booking pages name them. */
const STATUS_ZH: Record<string, string> = {
  requested: '待审核', confirmed: '已确认', in_use: '使用中', completed: '已完成', cancelled: '已取消', rejected: '已驳回', no_show: '爽约',
};
const ACTION_ZH: Record<string, string> = {
  approve: '审核通过', reject: '驳回', cancel: '取消', 'check-in': '签到', 'check-out': '结束使用', 'no-show': '登记爽约',
};

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  Actor, BlackoutConflictsQuery, BookingSubjects, CancelSeriesDto, CreateSeriesDto, JoinWaitlistDto, LiftSuspensionDto, NoShowPolicyDto, SuspensionQuery, WaitlistQuery,
} from '@yixiang/contracts';
import { fail, Handles } from '@yixiang/common';
import { instantMs, instantProblem, said } from '@yixiang/domain';
import { BlackoutsService } from '../blackouts/blackouts.service';
import { SeriesService } from '../series/series.service';
import { WaitlistService } from '../waitlist/waitlist.service';
import { SuspensionsService } from './suspensions.service';
import { SweepService } from './sweep.service';

/** Issue 19's messages: recurring series, the waiting list, suspensions and policies, blackout conflicts, the sweep. */
@Controller()
export class PolicyHandlers {
  constructor(
    private readonly series: SeriesService,
    private readonly waitlist: WaitlistService,
    private readonly suspensions: SuspensionsService,
    private readonly blackouts: BlackoutsService,
    private readonly sweeps: SweepService,
  ) {}

  @Handles(BookingSubjects.seriesCreate)
  createSeries(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateSeriesDto) {
    return this.series.create(actor, data);
  }

  @Handles(BookingSubjects.seriesCancel)
  cancelSeries(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: CancelSeriesDto) {
    return this.series.cancelRest(actor, id, data ?? {});
  }

  @Handles(BookingSubjects.waitlistJoin)
  join(@Payload('actor') actor: Actor | null, @Payload('data') data: JoinWaitlistDto) {
    return this.waitlist.join(actor, data);
  }

  @Handles(BookingSubjects.waitlistList)
  listWaitlist(@Payload('actor') actor: Actor | null, @Payload('data') data: WaitlistQuery) {
    return this.waitlist.list(actor, data ?? {});
  }

  @Handles(BookingSubjects.waitlistWithdraw)
  withdraw(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.waitlist.withdraw(actor, id);
  }

  @Handles(BookingSubjects.waitlistAccept)
  accept(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.waitlist.accept(actor, id);
  }

  @Handles(BookingSubjects.suspensionList)
  listSuspensions(@Payload('actor') actor: Actor | null, @Payload('data') data: SuspensionQuery) {
    return this.suspensions.list(actor, data ?? {});
  }

  @Handles(BookingSubjects.suspensionLift)
  lift(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: LiftSuspensionDto) {
    return this.suspensions.lift(actor, id, data);
  }

  @Handles(BookingSubjects.noShowPolicyGet)
  policy(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.suspensions.getPolicy(actor, id);
  }

  @Handles(BookingSubjects.noShowPolicyPut)
  putPolicy(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: NoShowPolicyDto) {
    return this.suspensions.putPolicy(actor, id, data);
  }

  @Handles(BookingSubjects.blackoutConflicts)
  conflicts(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: BlackoutConflictsQuery) {
    return this.blackouts.conflicts(actor, id, data);
  }

  /** Internal (not on the gateway): the scheduled job's work at an explicit instant. */
  @Handles(BookingSubjects.policySweep)
  sweep(@Payload('now') now: string) {
    if (instantProblem(now) !== null) fail('VALIDATION_FAILED', said('当前时间必须是 ISO 8601 时刻', 'now must be an ISO 8601 instant'), { fields: [{ field: 'now', reason: said('不是时刻', 'not an instant') }] });
    return this.sweeps.sweep(new Date(instantMs(now)));
  }
}

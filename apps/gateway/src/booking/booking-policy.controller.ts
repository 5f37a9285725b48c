import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor, BlackoutConflictsQuery, BlackoutConflictView, BookingSubjects, BookingView, CancelSeriesDto, CreateSeriesDto, JoinWaitlistDto, LiftSuspensionDto,
  NoShowPolicyDto, NoShowPolicyView, Page, pageOf, SeriesCancelledView, SeriesView, SuspensionQuery, SuspensionView, WaitlistEntryView, WaitlistQuery,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { RefPipe, UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';
import { RequestLanguage } from '../http/language.decorator';
import { type Language, localize } from '@yixiang/domain';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

/** Issue 19: recurring bookings, the waiting list, no-show suspensions and policies, maintenance over bookings. */
@ApiTags('bookings')
@ApiSignedIn()
@Controller()
export class BookingPolicyController {
  constructor(private readonly services: Services) {}

  @Post('bookings/series')
  @ApiOperation({ summary: 'A recurring booking (RFC 5545 RRULE, daily/weekly, at most 100 occurrences): all-or-nothing, or skip-conflicts listing what it skipped' })
  @ApiCreatedResponse({ type: SeriesView })
  @ApiErrors(400, 403, 404, 409, 422)
  async createSeries(@CurrentActor() actor: Actor, @Body() data: CreateSeriesDto, @RequestLanguage() language: Language): Promise<SeriesView> {
    // What it skipped says why in both languages; the reply is in the asker's.
    return localize(await this.services.booking.request(BookingSubjects.seriesCreate, { actor, data }), language);
  }

  @Post('bookings/series/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the rest of a series (occurrences from `from`, default now); one occurrence is cancelled with the usual cancel' })
  @ApiOkResponse({ type: SeriesCancelledView })
  @ApiErrors(400, 403, 404)
  cancelSeries(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: CancelSeriesDto): Promise<SeriesCancelledView> {
    return this.services.booking.request(BookingSubjects.seriesCancel, { actor, id, data });
  }

  @Post('waitlist')
  @ApiOperation({ summary: 'Wait for a taken slot: when it frees, the first in line is offered it for 2 hours' })
  @ApiCreatedResponse({ type: WaitlistEntryView })
  @ApiErrors(400, 403, 404, 409, 422)
  join(@CurrentActor() actor: Actor, @Body() data: JoinWaitlistDto): Promise<WaitlistEntryView> {
    return this.services.booking.request(BookingSubjects.waitlistJoin, { actor, data });
  }

  @Get('waitlist')
  @ApiOperation({ summary: 'Your waiting-list entries and offers' })
  @ApiOkResponse({ type: pageOf(WaitlistEntryView) })
  @ApiErrors(400)
  waitlist(@CurrentActor() actor: Actor, @Query() data: WaitlistQuery): Promise<Page<WaitlistEntryView>> {
    return this.services.booking.request(BookingSubjects.waitlistList, { actor, data });
  }

  @Delete('waitlist/:id')
  @ApiOperation({ summary: 'Leave the waiting list (an open offer passes to the next in line)' })
  @ApiOkResponse({ type: WaitlistEntryView })
  @ApiErrors(404, 409)
  withdraw(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<WaitlistEntryView> {
    return this.services.booking.request(BookingSubjects.waitlistWithdraw, { actor, id });
  }

  @Post('waitlist/:id/accept')
  @ApiOperation({ summary: 'Book an offered slot, under the usual booking rules' })
  @ApiCreatedResponse({ type: BookingView })
  @ApiErrors(403, 404, 409, 422)
  accept(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<BookingView> {
    return this.services.booking.request(BookingSubjects.waitlistAccept, { actor, id });
  }

  @Get('suspensions')
  @ApiOperation({ summary: 'No-show suspensions: your own; an institution’s for its staff; all for the bureau' })
  @ApiOkResponse({ type: pageOf(SuspensionView) })
  @ApiErrors(400)
  suspensions(@CurrentActor() actor: Actor, @Query() data: SuspensionQuery): Promise<Page<SuspensionView>> {
    return this.services.booking.request(BookingSubjects.suspensionList, { actor, data });
  }

  @Post('suspensions/:id/lift')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a suspension early, with a reason (institution admin, bureau)' })
  @ApiOkResponse({ type: SuspensionView })
  @ApiErrors(400, 403, 404, 409)
  lift(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: LiftSuspensionDto): Promise<SuspensionView> {
    return this.services.booking.request(BookingSubjects.suspensionLift, { actor, id, data });
  }

  @Get('institutions/:id/no-show-policy')
  @ApiOperation({ summary: 'An institution’s no-show policy: K no-shows within D days suspend booking for S days (defaults 3 / 90 / 30)' })
  @ApiOkResponse({ type: NoShowPolicyView })
  @ApiErrors(404)
  policy(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<NoShowPolicyView> {
    return this.services.booking.request(BookingSubjects.noShowPolicyGet, { actor, id });
  }

  @Put('institutions/:id/no-show-policy')
  @ApiOperation({ summary: 'Set an institution’s no-show policy (its admin, the bureau)' })
  @ApiOkResponse({ type: NoShowPolicyView })
  @ApiErrors(400, 403, 404)
  putPolicy(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: NoShowPolicyDto): Promise<NoShowPolicyView> {
    return this.services.booking.request(BookingSubjects.noShowPolicyPut, { actor, id, data });
  }

  @Get('instruments/:id/blackouts/conflicts')
  @ApiOperation({ summary: 'The bookings a maintenance window over [start, end) would cover' })
  @ApiOkResponse({ type: [BlackoutConflictView] })
  @ApiErrors(400, 403, 404)
  conflicts(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string, @Query() data: BlackoutConflictsQuery): Promise<BlackoutConflictView[]> {
    return this.services.booking.request(BookingSubjects.blackoutConflicts, { actor, id, data });
  }
}

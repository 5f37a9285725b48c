import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiTags, ApiOkResponse, ApiCreatedResponse } from '@nestjs/swagger';
import {
  Actor, BOOKING_ACTIONS, BookingAction, BookingActionDto, BookingListQuery, BookingSubjects, BookingView, CreateBookingDto, EarliestSlot, EarliestSlotQuery, Page, pageOf, PiDecisionDto,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { ApiError } from '../http/api-error';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { said } from '@yixiang/domain';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

@ApiTags('bookings')
@ApiSignedIn()
@Controller()
export class BookingsController {
  constructor(private readonly services: Services) {}

  /** Answers with the booking service's JSON (a BookingView) as it came: see ServiceClient.requestJson. */
  @Post('bookings')
  @ApiOperation({ summary: 'Book time (or submit samples). 409 BOOKING_CONFLICT names the interval it collides with; 422 names the rule broken' })
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'a retry with the same key and body returns the first booking' })
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiCreatedResponse({ type: BookingView })
  @ApiErrors(400, 403, 404, 409, 422)
  create(@CurrentActor() actor: Actor, @Body() data: CreateBookingDto, @Headers('idempotency-key') idempotencyKey?: string): Promise<Buffer> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ApiError('VALIDATION_FAILED', said('幂等键（Idempotency-Key）须为 1–128 个字母、数字或 . _ : -', 'Idempotency-Key must be 1–128 letters, digits or . _ : -'), { fields: [{ field: 'Idempotency-Key', reason: said('格式不正确', 'malformed') }] });
    }
    // With a key a repeat returns the first booking, so a replica that stopped mid-request costs one retry.
    return this.services.booking.requestJson(BookingSubjects.bookingCreate, { actor, data, idempotencyKey }, undefined, { idempotent: idempotencyKey !== undefined });
  }

  @Get('bookings')
  @ApiOperation({ summary: 'Bookings: a researcher’s own, an institution’s (its instruments and its people), all for the bureau' })
  @ApiOkResponse({ type: pageOf(BookingView) })
  @ApiErrors(400)
  list(@CurrentActor() actor: Actor, @Query() data: BookingListQuery): Promise<Page<BookingView>> {
    return this.services.booking.request(BookingSubjects.bookingList, { actor, data });
  }

  @Get('bookings/:id')
  @ApiOkResponse({ type: BookingView })
  @ApiErrors(404)
  @ApiOperation({ summary: 'One booking' })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<BookingView> {
    return this.services.booking.request(BookingSubjects.bookingGet, { actor, id });
  }

  // Before bookings/:id/:action, which would otherwise take these paths for unknown actions.
  @Post('bookings/:id/pi-approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'The research group’s PI approves a member’s booking above the fund account’s threshold; then the institution approves (or, needing no approval, it is approved and held at once)' })
  @ApiOkResponse({ type: BookingView })
  @ApiErrors(400, 403, 404, 409, 422)
  piApprove(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: PiDecisionDto): Promise<BookingView> {
    return this.services.booking.request(BookingSubjects.bookingPiDecide, { actor, id, decision: 'approve', data });
  }

  @Post('bookings/:id/pi-reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'The research group’s PI rejects a member’s booking waiting for them: the booking is rejected' })
  @ApiOkResponse({ type: BookingView })
  @ApiErrors(400, 403, 404, 409)
  piReject(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: PiDecisionDto): Promise<BookingView> {
    return this.services.booking.request(BookingSubjects.bookingPiDecide, { actor, id, decision: 'reject', data });
  }

  @Post('bookings/:id/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: BOOKING_ACTIONS })
  @ApiOperation({ summary: 'approve, reject, cancel, check-in, check-out, no-show; an illegal transition is 409' })
  @ApiOkResponse({ type: BookingView })
  @ApiErrors(400, 403, 404, 409, 422)
  transition(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('action') action: string, @Body() data: BookingActionDto): Promise<BookingView> {
    if (!(BOOKING_ACTIONS as readonly string[]).includes(action)) throw new ApiError('NOT_FOUND', said(`没有操作 ${action}，可用：${BOOKING_ACTIONS.join('、')}`, `no action ${action}; use one of ${BOOKING_ACTIONS.join(', ')}`));
    return this.services.booking.request(BookingSubjects.bookingTransition, { actor, id, action: action as BookingAction, data });
  }

  @Get('slots/earliest')
  @ApiOperation({ summary: 'The earliest free intervals of a given length across every institution’s matching instruments' })
  @ApiOkResponse({ type: [EarliestSlot] })
  @ApiErrors(400)
  earliest(@CurrentActor() actor: Actor, @Query() data: EarliestSlotQuery): Promise<EarliestSlot[]> {
    return this.services.booking.request(BookingSubjects.slotsEarliest, { actor, data });
  }
}

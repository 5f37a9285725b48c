import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor, BookingSubjects, ConfirmTerminalSessionDto, Page, pageOf, RegisterTerminalDto, RejectTerminalSessionDto, TerminalListQuery, TerminalRegisteredView,
  TerminalSessionListQuery, TerminalSessionView, TerminalView,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

/** Issue 20: an institution's instrument terminals, and the unbooked uses their sessions leave for the operator. */
@ApiTags('terminals')
@ApiSignedIn()
@Controller()
export class TerminalsController {
  constructor(private readonly services: Services) {}

  @Post('terminals')
  @ApiOperation({ summary: 'Register a terminal for one of the institution’s instruments (institution admin): its credential is in this reply and nowhere else' })
  @ApiCreatedResponse({ type: TerminalRegisteredView })
  @ApiErrors(400, 403, 404)
  register(@CurrentActor() actor: Actor, @Body() data: RegisterTerminalDto): Promise<TerminalRegisteredView> {
    return this.services.booking.request(BookingSubjects.terminalRegister, { actor, data });
  }

  @Get('terminals')
  @ApiOperation({ summary: 'The institution’s terminals (never their credentials); auditors and joint bureau officers see all' })
  @ApiOkResponse({ type: pageOf(TerminalView) })
  @ApiErrors(400, 403)
  list(@CurrentActor() actor: Actor, @Query() data: TerminalListQuery): Promise<Page<TerminalView>> {
    return this.services.booking.request(BookingSubjects.terminalList, { actor, data });
  }

  @Post('terminals/:id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a terminal’s credential: every request it signs is refused from now on (again: no change)' })
  @ApiOkResponse({ type: TerminalView })
  @ApiErrors(403, 404)
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<TerminalView> {
    return this.services.booking.request(BookingSubjects.terminalRevoke, { actor, id });
  }

  @Get('terminal-sessions')
  @ApiOperation({ summary: 'Sessions the institution’s terminals reported; status=pending: the unbooked uses waiting to be confirmed or rejected' })
  @ApiOkResponse({ type: pageOf(TerminalSessionView) })
  @ApiErrors(400, 403)
  sessions(@CurrentActor() actor: Actor, @Query() data: TerminalSessionListQuery): Promise<Page<TerminalSessionView>> {
    return this.services.booking.request(BookingSubjects.terminalSessionList, { actor, data });
  }

  @Post('terminal-sessions/:id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm an unbooked use (operator, admin): who used it; it becomes one usage record with source terminal' })
  @ApiOkResponse({ type: TerminalSessionView })
  @ApiErrors(400, 403, 404, 409)
  confirm(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: ConfirmTerminalSessionDto): Promise<TerminalSessionView> {
    return this.services.booking.request(BookingSubjects.terminalSessionConfirm, { actor, id, data });
  }

  @Post('terminal-sessions/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject an unbooked use (operator, admin), with the reason; it records no usage' })
  @ApiOkResponse({ type: TerminalSessionView })
  @ApiErrors(400, 403, 404, 409)
  reject(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: RejectTerminalSessionDto): Promise<TerminalSessionView> {
    return this.services.booking.request(BookingSubjects.terminalSessionReject, { actor, id, data });
  }
}

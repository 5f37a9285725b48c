import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiOkResponse, ApiCreatedResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  Actor, BookingSubjects, CalendarTokenDto, CalendarTokenView,
} from '@yixiang/contracts';
import { CurrentActor, Public } from '../auth/actor.decorator';
import { ApiError } from '../http/api-error';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';
import { said } from '@yixiang/domain';

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly services: Services) {}

  @Post('calendar-tokens')
  @ApiSignedIn()
  @ApiOperation({ summary: 'A secret feed URL: your bookings, or (staff) an instrument’s bookings and blackouts' })
  @ApiCreatedResponse({ type: CalendarTokenView })
  @ApiErrors(400, 401, 403, 404, 503)
  async token(@CurrentActor() actor: Actor, @Body() data: CalendarTokenDto): Promise<{ token: string; url: string }> {
    const { token, path } = await this.services.booking.request(BookingSubjects.calendarTokenCreate, { actor, data });
    return { token, url: `/api/v1${path}` };
  }

  @Public()
  @Get('calendar/:file')
  @ApiOperation({ summary: 'RFC 5545 iCalendar feed; the token in the URL is the credential' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'the iCalendar feed', schema: { type: 'string' } })
  @ApiErrors(404, 503)
  async feed(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    const m = /^([A-Za-z0-9_-]{16,64})\.ics$/.exec(file);
    if (!m) throw new ApiError('NOT_FOUND', said('没有这个日历', 'no such calendar'));
    const { body } = await this.services.booking.request(BookingSubjects.calendarFeed, { token: m[1] });
    await reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, max-age=60').send(body);
  }
}

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BookingSubjects, CalendarTokenDto } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { CalendarService } from './calendar.service';

@Controller()
export class CalendarHandlers {
  constructor(private readonly calendars: CalendarService) {}

  @Handles(BookingSubjects.calendarTokenCreate)
  token(@Payload('actor') actor: Actor | null, @Payload('data') data: CalendarTokenDto) {
    return this.calendars.token(actor, data ?? {});
  }

  @Handles(BookingSubjects.calendarFeed)
  feed(@Payload('token') token: string) {
    return this.calendars.feed(token);
  }
}

import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor, BookingAction, BookingActionDto, BookingListQuery, BookingSubjects, CreateBlackoutDto, CreateBookingDto, EarliestSlotQuery, SlotsQuery,
} from '@yixiang/contracts';
import { BlackoutsService } from '../blackouts/blackouts.service';
import { SlotsService } from '../slots/slots.service';
import { BookingsService } from './bookings.service';
import { TransitionsService } from './transitions.service';

@Controller()
export class BookingsHandlers {
  constructor(
    private readonly bookings: BookingsService,
    private readonly transitions: TransitionsService,
    private readonly blackouts: BlackoutsService,
    private readonly slots: SlotsService,
  ) {}

  @MessagePattern(BookingSubjects.bookingCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateBookingDto, @Payload('idempotencyKey') key?: string) {
    return this.bookings.create(actor, data, key || undefined);
  }

  @MessagePattern(BookingSubjects.bookingGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.bookings.get(actor, id);
  }

  @MessagePattern(BookingSubjects.bookingList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: BookingListQuery) {
    return this.bookings.list(actor, data);
  }

  @MessagePattern(BookingSubjects.bookingTransition)
  transition(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('action') action: BookingAction, @Payload('data') data: BookingActionDto) {
    return this.transitions.apply(actor, id, action, data ?? {});
  }

  @MessagePattern(BookingSubjects.blackoutList)
  listBlackouts(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.blackouts.list(actor, id);
  }

  @MessagePattern(BookingSubjects.blackoutCreate)
  addBlackout(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: CreateBlackoutDto) {
    return this.blackouts.create(actor, id, data);
  }

  @MessagePattern(BookingSubjects.blackoutDelete)
  removeBlackout(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('blackoutId') blackoutId: string) {
    return this.blackouts.remove(actor, id, blackoutId);
  }

  @MessagePattern(BookingSubjects.slotsList)
  listSlots(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: SlotsQuery) {
    return this.slots.slots(actor, id, data);
  }

  @MessagePattern(BookingSubjects.slotsEarliest)
  earliest(@Payload('actor') actor: Actor | null, @Payload('data') data: EarliestSlotQuery) {
    return this.slots.earliest(actor, data);
  }

  @MessagePattern(BookingSubjects.busyInstruments)
  busy(@Payload('from') from: string, @Payload('to') to: string) {
    return this.slots.busyInstruments(from, to);
  }
}

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  Actor, BookingAction, BookingActionDto, BookingListQuery, BookingSubjects, CreateBlackoutDto, CreateBookingDto, EarliestSlotQuery, SlotsQuery,
} from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
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

  @Handles(BookingSubjects.bookingCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateBookingDto, @Payload('idempotencyKey') key?: string) {
    return this.bookings.create(actor, data, key || undefined);
  }

  @Handles(BookingSubjects.bookingGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.bookings.get(actor, id);
  }

  @Handles(BookingSubjects.bookingList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: BookingListQuery) {
    return this.bookings.list(actor, data);
  }

  @Handles(BookingSubjects.bookingTransition)
  transition(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('action') action: BookingAction, @Payload('data') data: BookingActionDto) {
    return this.transitions.apply(actor, id, action, data ?? {});
  }

  @Handles(BookingSubjects.blackoutList)
  listBlackouts(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.blackouts.list(actor, id);
  }

  @Handles(BookingSubjects.blackoutCreate)
  addBlackout(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: CreateBlackoutDto) {
    return this.blackouts.create(actor, id, data);
  }

  @Handles(BookingSubjects.blackoutDelete)
  removeBlackout(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('blackoutId') blackoutId: string) {
    return this.blackouts.remove(actor, id, blackoutId);
  }

  @Handles(BookingSubjects.slotsList)
  listSlots(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: SlotsQuery) {
    return this.slots.slots(actor, id, data);
  }

  @Handles(BookingSubjects.slotsEarliest)
  earliest(@Payload('actor') actor: Actor | null, @Payload('data') data: EarliestSlotQuery) {
    return this.slots.earliest(actor, data);
  }

  @Handles(BookingSubjects.busyInstruments)
  busy(@Payload('from') from: string, @Payload('to') to: string) {
    return this.slots.busyInstruments(from, to);
  }
}

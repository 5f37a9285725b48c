import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { BookingContext, Events, SweepReply } from '@yixiang/contracts';
import { noShowDue } from '@yixiang/domain/booking';
import { bookingEventBase, noShowEvent } from '../bookings/booking-events';
import { BookingsRepository } from '../bookings/bookings.repository';
import { BookingConfig } from '../config';
import { writeOutbox } from '../outbox/outbox.writer';
import { CatalogueClient } from '../shared/catalogue.client';
import { WaitlistService } from '../waitlist/waitlist.service';
import { PolicyRepository } from './policy.repository';
import { SuspensionsService } from './suspensions.service';

const BATCH = 500;
const HOUR_MS = 3_600_000;

/**
 * The booking rules that run on the clock, as one sweep at an explicit `now` (the BullMQ job passes
 * the clock; tests pass any instant). Safe on every replica at once: each no-show is a conditional
 * UPDATE approved → no_show with its event (and any suspension) in the same transaction, so of two
 * concurrent sweeps one records it and the other finds it changed; reminders and offer expiries are
 * claimed the same way (`reminded_at is null`, `status = 'offered'`).
 */
@Injectable()
export class SweepService {
  private readonly logger = new Logger(SweepService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly repository: PolicyRepository,
    private readonly bookings: BookingsRepository,
    private readonly catalogue: CatalogueClient,
    private readonly suspensions: SuspensionsService,
    private readonly waitlist: WaitlistService,
    private readonly config: BookingConfig,
  ) {}

  async sweep(now: Date): Promise<SweepReply> {
    const { noShows, suspensions } = await this.noShows(now);
    const reminders = await this.reminders(now);
    const { expired, offered } = await this.waitlist.expireOffers(now);
    if (noShows || suspensions || reminders || expired) {
      this.logger.log(`sweep at ${now.toISOString()}: ${noShows} no-shows, ${suspensions} suspensions, ${reminders} reminders, ${expired} offers expired, ${offered} offered`);
    }
    return { noShows, suspensions, reminders, offersExpired: expired, offered };
  }

  private async context(instrumentId: string, known: Map<string, BookingContext | null>): Promise<BookingContext | null> {
    if (!known.has(instrumentId)) known.set(instrumentId, await this.catalogue.context(instrumentId).catch(() => null));
    return known.get(instrumentId) ?? null;
  }

  /** Approved bookings not checked in M minutes after their start (M per instrument) become no-shows. */
  private async noShows(now: Date): Promise<{ noShows: number; suspensions: number }> {
    // The least M is one minute: nothing that started later than a minute ago can be due.
    const candidates = await this.repository.approvedStartedBy(new Date(now.getTime() - 60_000), BATCH);
    const contexts = new Map<string, BookingContext | null>();
    let noShows = 0;
    let suspensions = 0;
    for (const booking of candidates) {
      const instrument = await this.context(booking.instrument_id, contexts);
      if (!instrument || !noShowDue(booking.start_at, now, instrument.bookingRules)) continue;
      const minutes = instrument.bookingRules.noShowAfterMinutes;
      const result = await this.em.fork().transactional(async (em) => {
        const row = await this.bookings.changeStatus(em, booking.id, {
          from: ['approved'], to: 'no_show', checkIn: false, checkOut: false,
          reason: `开始后 ${minutes} 分钟未签到，系统自动记为爽约; not checked in ${minutes} minutes after the start`,
        });
        if (!row) return null; // another sweep (or an operator) got there first
        await writeOutbox(em, Events.noShowRecorded, noShowEvent(row, instrument, true, now));
        return { suspended: (await this.suspensions.afterNoShow(em, row, now)) !== null };
      });
      if (result) {
        noShows++;
        if (result.suspended) suspensions++;
      }
    }
    return { noShows, suspensions };
  }

  /** One booking.booking.reminder-due per approved booking, BOOKING_REMINDER_HOURS before its start. */
  private async reminders(now: Date): Promise<number> {
    const hours = this.config.BOOKING_REMINDER_HOURS;
    const contexts = new Map<string, BookingContext | null>();
    return this.em.fork().transactional(async (em) => {
      const due = await this.repository.claimReminders(em, now, new Date(now.getTime() + hours * HOUR_MS), BATCH);
      for (const row of due) {
        const instrument = (await this.context(row.instrument_id, contexts)) ?? { code: row.instrument_id, name: row.instrument_id };
        await writeOutbox(em, Events.bookingReminderDue, { ...bookingEventBase(row, instrument, now), hoursBefore: hours });
      }
      return due.length;
    });
  }
}

import { outboxWriter } from '@yixiang/common';

/** Booking's events go to booking.outbox, in the transaction of the booking change they report. */
export const writeOutbox = outboxWriter('booking');

import { serviceOrmOptions } from '@yixiang/common';
import { BOOKING_MIGRATIONS } from './migrations';

export const BOOKING_SCHEMA = 'booking';

/**
 * 16 connections by default: new bookings without an Idempotency-Key are written in groups, at
 * most BOOKING_GROUPS_IN_FLIGHT statements at a time (see BookingInserts); the rest serve keyed
 * bookings' transactions, conflict lookups, transitions and reads.
 */
export const BOOKING_POOL_MAX = 16;

/**
 * The booking service writes through SQL of its own (ranges, exclusion constraints and conditional
 * updates that carry its correctness), so MikroORM brings the connection pool, transactions and
 * migrations rather than entities.
 */
export function bookingOrmOptions(databaseUrl: string, poolMax = BOOKING_POOL_MAX) {
  return serviceOrmOptions({ schema: BOOKING_SCHEMA, entities: [], migrations: BOOKING_MIGRATIONS, databaseUrl, poolMax });
}

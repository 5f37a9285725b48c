import { serviceOrmOptions } from '@yixiang/common';
import { BOOKING_MIGRATIONS } from './migrations';

export const BOOKING_SCHEMA = 'booking';

/**
 * 32 connections by default: a booking holds one for a single INSERT, and with fewer connections
 * than bookings under way the rest wait in the pool while PostgreSQL could already be working on
 * them. Measured in bench/booking (32 clients): 1,122 bookings/s with 10 connections, 1,461/s with
 * 40, on the same machine minutes apart.
 */
export const BOOKING_POOL_MAX = 32;

/**
 * The booking service writes through SQL of its own (ranges, exclusion constraints and conditional
 * updates that carry its correctness), so MikroORM brings the connection pool, transactions and
 * migrations rather than entities.
 */
export function bookingOrmOptions(databaseUrl: string, poolMax = BOOKING_POOL_MAX) {
  return serviceOrmOptions({ schema: BOOKING_SCHEMA, entities: [], migrations: BOOKING_MIGRATIONS, databaseUrl, poolMax });
}

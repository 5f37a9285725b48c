import { serviceOrmOptions } from '@yixiang/common';
import { BOOKING_MIGRATIONS } from './migrations';

export const BOOKING_SCHEMA = 'booking';

/**
 * The booking service writes through SQL of its own (ranges, exclusion constraints and conditional
 * updates that carry its correctness), so MikroORM brings the connection pool, transactions and
 * migrations rather than entities.
 */
export function bookingOrmOptions(databaseUrl: string) {
  return serviceOrmOptions({ schema: BOOKING_SCHEMA, entities: [], migrations: BOOKING_MIGRATIONS, databaseUrl, poolMax: 20 });
}

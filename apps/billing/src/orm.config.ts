import { serviceOrmOptions } from '@yixiang/common';
import { BILLING_MIGRATIONS } from './migrations';

export const BILLING_SCHEMA = 'billing';

/**
 * The billing service writes through SQL of its own (ranges, exclusion constraints and conditional
 * updates that carry its correctness), so MikroORM brings the connection pool, transactions and
 * migrations rather than entities.
 */
export function billingOrmOptions(databaseUrl: string, poolMax = 20) {
  return serviceOrmOptions({ schema: BILLING_SCHEMA, entities: [], migrations: BILLING_MIGRATIONS, databaseUrl, poolMax });
}

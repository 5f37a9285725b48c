import { serviceOrmOptions } from '@yixiang/common';
import { SUBSIDY_MIGRATIONS } from './migrations';

export const SUBSIDY_SCHEMA = 'subsidy';

/**
 * The subsidy service writes through SQL of its own (bulk result rows, guarded by the triggers that
 * keep published runs immutable), so MikroORM brings the connection pool, transactions and
 * migrations rather than entities.
 */
export function subsidyOrmOptions(databaseUrl: string, poolMax = 20) {
  return serviceOrmOptions({ schema: SUBSIDY_SCHEMA, entities: [], migrations: SUBSIDY_MIGRATIONS, databaseUrl, poolMax });
}

import { serviceOrmOptions } from '@yixiang/common';
import { NOTIFICATION_MIGRATIONS } from './migrations';

export const NOTIFICATION_SCHEMA = 'notification';

/** SQL of its own in the repositories: MikroORM brings the pool, transactions and migrations. */
export function notificationOrmOptions(databaseUrl: string, poolMax = 5) {
  return serviceOrmOptions({ schema: NOTIFICATION_SCHEMA, entities: [], migrations: NOTIFICATION_MIGRATIONS, databaseUrl, poolMax });
}

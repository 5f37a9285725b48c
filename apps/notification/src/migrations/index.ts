import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261202200000_notification } from './Migration20261202200000_notification';

/** Listed explicitly so that compiled and source runs see the same, ordered set. */
export const NOTIFICATION_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261202200000_notification', class: Migration20261202200000_notification },
];

import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122300000_subsidy } from './Migration20261122300000_subsidy';

/** Listed explicitly so that compiled and source runs see the same, ordered set. */
export const SUBSIDY_MIGRATIONS: MigrationObject[] = [{ name: 'Migration20261122300000_subsidy', class: Migration20261122300000_subsidy }];

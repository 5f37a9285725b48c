import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122300000_subsidy } from './Migration20261122300000_subsidy';
import { Migration20261202140000_job_record } from './Migration20261202140000_job_record';
import { Migration20261205122000_audit } from './Migration20261205122000_audit';

/** Listed explicitly so that compiled and source runs see the same, ordered set. */
export const SUBSIDY_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261122300000_subsidy', class: Migration20261122300000_subsidy },
  { name: 'Migration20261202140000_job_record', class: Migration20261202140000_job_record },
  { name: 'Migration20261205122000_audit', class: Migration20261205122000_audit },
];

import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122100000_booking } from './Migration20261122100000_booking';
import { Migration20261122110000_service_category } from './Migration20261122110000_service_category';
import { Migration20261202100000_booking_policy } from './Migration20261202100000_booking_policy';
import { Migration20261205100000_terminals } from './Migration20261205100000_terminals';
import { Migration20261205180000_fund_accounts } from './Migration20261205180000_fund_accounts';
import { Migration20261205220000_training_requests } from './Migration20261205220000_training_requests';
import { Migration20261205230000_audit } from './Migration20261205230000_audit';
import { Migration20261205200000_sample_orders } from './Migration20261205200000_sample_orders';
import { Migration20261206100000_pi_approval } from './Migration20261206100000_pi_approval';

/** Listed explicitly so that compiled and source runs see the same, ordered set. */
export const BOOKING_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261122100000_booking', class: Migration20261122100000_booking },
  { name: 'Migration20261122110000_service_category', class: Migration20261122110000_service_category },
  { name: 'Migration20261202100000_booking_policy', class: Migration20261202100000_booking_policy },
  { name: 'Migration20261205100000_terminals', class: Migration20261205100000_terminals },
  { name: 'Migration20261205180000_fund_accounts', class: Migration20261205180000_fund_accounts },
  { name: 'Migration20261205200000_sample_orders', class: Migration20261205200000_sample_orders },
  { name: 'Migration20261205220000_training_requests', class: Migration20261205220000_training_requests },
  { name: 'Migration20261205230000_audit', class: Migration20261205230000_audit },
  { name: 'Migration20261206100000_pi_approval', class: Migration20261206100000_pi_approval },
];

import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122200000_usage } from './Migration20261122200000_usage';
import { Migration20261122210000_settlement } from './Migration20261122210000_settlement';
import { Migration20261202140000_job_record } from './Migration20261202140000_job_record';
import { Migration20261202210000_voucher_programmes } from './Migration20261202210000_voucher_programmes';
import { Migration20261202230000_voucher_claims } from './Migration20261202230000_voucher_claims';
import { Migration20261203100000_outbox } from './Migration20261203100000_outbox';
import { Migration20261205100000_usage_source_terminal } from './Migration20261205100000_usage_source_terminal';
import { Migration20261205121000_audit } from './Migration20261205121000_audit';
import { Migration20261205180100_usage_fund_account } from './Migration20261205180100_usage_fund_account';
import { Migration20261205200100_sample_order_usage } from './Migration20261205200100_sample_order_usage';

/** Listed explicitly so that compiled and source runs see the same, ordered set. */
export const BILLING_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261122200000_usage', class: Migration20261122200000_usage },
  { name: 'Migration20261122210000_settlement', class: Migration20261122210000_settlement },
  { name: 'Migration20261202140000_job_record', class: Migration20261202140000_job_record },
  { name: 'Migration20261202210000_voucher_programmes', class: Migration20261202210000_voucher_programmes },
  { name: 'Migration20261202230000_voucher_claims', class: Migration20261202230000_voucher_claims },
  { name: 'Migration20261203100000_outbox', class: Migration20261203100000_outbox },
  { name: 'Migration20261205100000_usage_source_terminal', class: Migration20261205100000_usage_source_terminal },
  { name: 'Migration20261205121000_audit', class: Migration20261205121000_audit },
  { name: 'Migration20261205180100_usage_fund_account', class: Migration20261205180100_usage_fund_account },
  { name: 'Migration20261205200100_sample_order_usage', class: Migration20261205200100_sample_order_usage },
];

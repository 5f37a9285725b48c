import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122000000_catalogue } from './Migration20261122000000_catalogue';
import { Migration20261122010000_search_generation } from './Migration20261122010000_search_generation';
import { Migration20261122020000_instrument_search } from './Migration20261122020000_instrument_search';
import { Migration20261122030000_blackouts_to_booking } from './Migration20261122030000_blackouts_to_booking';
import { Migration20261122040000_covering_search_indexes } from './Migration20261122040000_covering_search_indexes';
import { Migration20261122050000_text_filter_index } from './Migration20261122050000_text_filter_index';
import { Migration20261201000000_search_index_delta } from './Migration20261201000000_search_index_delta';
import { Migration20261202100000_user_sessions } from './Migration20261202100000_user_sessions';
import { Migration20261202110000_import_cell_errors } from './Migration20261202110000_import_cell_errors';
import { Migration20261202140000_import_bundles } from './Migration20261202140000_import_bundles';
import { Migration20261202160000_user_region } from './Migration20261202160000_user_region';
import { Migration20261203100000_name_initials } from './Migration20261203100000_name_initials';
import { Migration20261203110000_import_cell_reason_en } from './Migration20261203110000_import_cell_reason_en';
import { Migration20261205120000_audit } from './Migration20261205120000_audit';

/** Listed explicitly so that compiled and source runs see the same, ordered set. */
export const CATALOGUE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261122000000_catalogue', class: Migration20261122000000_catalogue },
  { name: 'Migration20261122010000_search_generation', class: Migration20261122010000_search_generation },
  { name: 'Migration20261122020000_instrument_search', class: Migration20261122020000_instrument_search },
  { name: 'Migration20261122030000_blackouts_to_booking', class: Migration20261122030000_blackouts_to_booking },
  { name: 'Migration20261122040000_covering_search_indexes', class: Migration20261122040000_covering_search_indexes },
  { name: 'Migration20261122050000_text_filter_index', class: Migration20261122050000_text_filter_index },
  { name: 'Migration20261201000000_search_index_delta', class: Migration20261201000000_search_index_delta },
  { name: 'Migration20261202100000_user_sessions', class: Migration20261202100000_user_sessions },
  { name: 'Migration20261202110000_import_cell_errors', class: Migration20261202110000_import_cell_errors },
  { name: 'Migration20261202140000_import_bundles', class: Migration20261202140000_import_bundles },
  { name: 'Migration20261202160000_user_region', class: Migration20261202160000_user_region },
  { name: 'Migration20261203100000_name_initials', class: Migration20261203100000_name_initials },
  { name: 'Migration20261203110000_import_cell_reason_en', class: Migration20261203110000_import_cell_reason_en },
  { name: 'Migration20261205120000_audit', class: Migration20261205120000_audit },
];

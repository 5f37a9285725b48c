import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Actor, DEFAULT_JOB_OPTIONS, ImportJobData, JobNames, Queues, jobIdFor } from '@yixiang/contracts';
import { BundleError, CellError, currentCorrelationId, fail, requireRole, unzipBundle } from '@yixiang/common';
import { BillingImportClient } from './billing-import.client';
import { BILLING_FILES, CATALOGUE_FILES, FILES_OF_OTHER_SERVICES, readCatalogueBundle, SUBSIDY_FILES } from './catalogue-bundle';
import { crossCheck } from './cross-check';
import { ImportCounts, writeCatalogueBundle } from './import-writer';
import { SearchCache } from '../instruments/search-cache';

/** At most this many bad cells are reported; the count says how many there were in all. */
export const MAX_REPORTED_CELLS = 10000;

export interface ImportResult {
  counts: ImportCounts;
}

/** Rows written above which an import refreshes the planner's statistics. */
const LARGE_IMPORT_ROWS = 5000;

@Injectable()
export class ImportService {
  constructor(
    private readonly orm: MikroORM,
    private readonly cache: SearchCache,
    private readonly billing: BillingImportClient,
    @InjectQueue(Queues.catalogueImport) private readonly queue: Queue<ImportJobData>,
  ) {}

  async start(actor: Actor | null, data: { blobKey: string; fileName: string }): Promise<{ jobId: string }> {
    const a = requireRole(actor, 'bureau', 'institution_admin');
    if (!/^[A-Za-z0-9:_-]{1,200}$/.test(data.blobKey)) fail('VALIDATION_FAILED', 'bad upload reference');
    const jobId = jobIdFor(Queues.catalogueImport, randomUUID());
    await this.queue.add(JobNames.importBundle, { blobKey: data.blobKey, actor: a, fileName: data.fileName, correlationId: currentCorrelationId() }, { ...DEFAULT_JOB_OPTIONS, jobId });
    return { jobId };
  }

  /**
   * Imports a zipped bundle whole or not at all: every cell is checked first (all bad cells
   * reported), then everything is written in one transaction.
   */
  async importBundle(bytes: Uint8Array, actor: Actor, progress: (percent: number) => Promise<void>, blobKey: string): Promise<ImportResult> {
    const files = unzipBundle(bytes);
    const errors: CellError[] = [];
    const billingFiles = [...files.keys()].some((n) => (BILLING_FILES as readonly string[]).includes(n));
    const policy = files.get('policy.json');
    for (const name of files.keys()) {
      if (name in CATALOGUE_FILES || (BILLING_FILES as readonly string[]).includes(name) || (SUBSIDY_FILES as readonly string[]).includes(name)) continue;
      const service = FILES_OF_OTHER_SERVICES[name];
      errors.push({
        file: name, line: 0, column: '',
        reason: service
          ? `${name} belongs to the ${service} service, which this installation does not run yet; remove it from the bundle and import it once that service is installed`
          : `unknown file; a bundle holds ${[...Object.keys(CATALOGUE_FILES), ...BILLING_FILES, ...SUBSIDY_FILES].join(', ')}`,
      });
    }
    if (![...files.keys()].some((n) => n in CATALOGUE_FILES) && !billingFiles && policy === undefined) {
      errors.push({ file: '(bundle)', line: 0, column: '', reason: `no file of the exchange format (${[...Object.keys(CATALOGUE_FILES), ...BILLING_FILES].join(', ')}) in the bundle` });
    }
    const em = this.orm.em.fork();
    const categories = new Set((await em.execute<{ code: string }[]>(`select code from catalogue.category where parent_code is not null`)).map((r) => r.code));
    const bundle = readCatalogueBundle(files, categories, errors);
    await progress(10);
    if (errors.length === 0) await crossCheck(em, bundle, actor, errors);
    // Billing checks its files (against this bundle's catalogue rows and the platform) before anything is written anywhere.
    if (billingFiles) errors.push(...(await this.billing.check(actor, blobKey)).errors);
    if (policy !== undefined) errors.push(...(await this.billing.checkPolicy(actor, policy)).errors);
    if (errors.length) throw new BundleError(errors);
    await progress(20);
    const counts: ImportCounts = await em.transactional((tx) => writeCatalogueBundle(tx, bundle, (f) => progress(20 + Math.floor(f * (billingFiles ? 60 : 79)))));
    await this.cache.bump();
    await this.refreshStatistics(em, counts);
    // Written after the catalogue part, whose new codes it refers to. Should this step fail, the job
    // fails and is retried whole: both parts are upserts by code, so a retry repeats nothing.
    if (billingFiles) Object.assign(counts, await this.billing.apply(actor, blobKey));
    if (policy !== undefined) Object.assign(counts, { 'policy.json': await this.billing.importPolicy(actor, policy) });
    await progress(100);
    return { counts };
  }

  /**
   * After a bulk import the planner's statistics describe the catalogue as it was: searches then
   * pick plans for a table a fraction of its size (seen: filter searches 2.5 times slower until
   * autovacuum came by). A large import refreshes them, and the visibility map that lets counts
   * run on indexes alone, at once. Outside the import's transaction: VACUUM cannot run inside one.
   */
  private async refreshStatistics(em: EntityManager, counts: ImportCounts): Promise<void> {
    const written = Object.values(counts).reduce((sum, c) => sum + c.inserted + c.updated, 0);
    if (written < LARGE_IMPORT_ROWS) return;
    // The import wrote each search row two or three times (the instrument, then its cards' prices):
    // the table is left two to three times its size with the live rows scattered, and a text search
    // visits a page per match. Rewriting it compactly in code order (1 s for 100,000 instruments,
    // during which searches wait rather than fail) halves the pages a search reads.
    await em.getConnection().execute(`cluster catalogue.instrument_search using instrument_search_code_idx`);
    for (const table of ['catalogue.instrument_search', 'catalogue.instrument', 'catalogue.rate_card', 'catalogue.institution', 'catalogue.app_user']) {
      await em.getConnection().execute(`vacuum (analyze) ${table}`);
    }
  }
}

import { MikroORM } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { Actor, BillingImportRequest, BundleCodes, DEFAULT_JOB_OPTIONS, IMPORT_BLOB_TTL_SECONDS, ImportJobData, ImportKeys, jobIdFor, JobNames, JobQueue, Queues, ResolvedCodes } from '@yixiang/contracts';
import { AuditTrail, BundleError, BundleLimits, CellError, currentCorrelationId, authorize, fail, requireActor, unzipBundle, QUEUE_ADD_DEADLINE_MS, withinDeadline } from '@yixiang/common';
import { UPLOAD_KEY_PATTERN, said } from '@yixiang/domain';
import { CatalogueConfig } from '../config';
import { BundlePartsClient } from './bundle-parts.client';
import { BILLING_FILES, CATALOGUE_FILES, CatalogueBundle, FILES_OF_OTHER_SERVICES, readCatalogueBundle, SUBSIDY_FILES } from './catalogue-bundle';
import { InjectRedis } from './redis.token';
import { ImportsRepository } from './imports.repository';
import { crossCheck } from './cross-check';
import { CatalogueBundleRepository, ImportCounts } from './catalogue-bundle.repository';
import { SearchCache } from '../search';
import { BillingFactsRepository } from '../instruments/billing-facts.repository';

/** policy.json travels in a NATS message to the subsidy service: a policy document is a few KB. */
const MAX_POLICY_BYTES = 256 * 1024;

export interface ImportResult {
  counts: ImportCounts;
}

/** Rows written above which an import refreshes the planner's statistics. */
const LARGE_IMPORT_ROWS = 5000;

@Injectable()
export class ImportService {
  private readonly limits: BundleLimits;
  private readonly pauseBeforeCommitMs: number;

  constructor(
    private readonly orm: MikroORM,
    private readonly cache: SearchCache,
    private readonly billing: BundlePartsClient,
    @InjectQueue(Queues.catalogueImport) private readonly queue: JobQueue<typeof Queues.catalogueImport>,
    @InjectRedis() private readonly redis: Redis,
    private readonly store: ImportsRepository,
    private readonly catalogue: CatalogueBundleRepository,
    private readonly facts: BillingFactsRepository,
    private readonly audit: AuditTrail,
    config: CatalogueConfig,
  ) {
    this.pauseBeforeCommitMs = config.IMPORT_TEST_PAUSE_BEFORE_COMMIT_MS;
    const MiB = 1024 * 1024;
    this.limits = {
      maxCompressedBytes: config.IMPORT_MAX_UPLOAD_MB * MiB, maxExpandedBytes: config.IMPORT_MAX_EXPANDED_MB * MiB,
      maxFileBytes: config.IMPORT_MAX_FILE_MB * MiB, maxRatio: config.IMPORT_MAX_RATIO, maxFiles: config.IMPORT_MAX_FILES,
    };
  }

  async start(actor: Actor | null, data: { blobKey: string; fileName: string }): Promise<{ jobId: string }> {
    const a = authorize(actor, 'import.start', { institutionId: requireActor(actor).institutionId });
    if (!UPLOAD_KEY_PATTERN.test(data.blobKey)) fail('VALIDATION_FAILED', said('上传引用无效', 'bad upload reference'));
    const jobId = jobIdFor(Queues.catalogueImport, randomUUID());
    // The gateway left the upload in Redis; it moves to PostgreSQL before the job exists, so that a
    // job (or a whole Redis) lost later can be rebuilt from the stored bundle (ImportSweep).
    const bytes = await this.redis.getBuffer(data.blobKey);
    if (!bytes) fail('NOT_FOUND', said('上传的数据包已过期，请重新上传', 'the uploaded bundle has expired; upload it again'));
    const job: ImportJobData = { blobKey: data.blobKey, actor: a, fileName: data.fileName, correlationId: currentCorrelationId() };
    await this.store.save(jobId, data.blobKey, data.fileName, a, job.correlationId, bytes);
    await this.redis.del(data.blobKey);
    await this.enqueue(jobId, job);
    return { jobId };
  }

  /** The import's job under its fixed id: adding it again while it exists does nothing (BullMQ dedups by id). */
  async enqueue(jobId: string, data: ImportJobData): Promise<void> {
    await withinDeadline(this.queue.add(JobNames.importBundle, data, { ...DEFAULT_JOB_OPTIONS, jobId }), QUEUE_ADD_DEADLINE_MS, 'redis', 'queueing the job');
  }

  /**
   * Imports a zipped bundle whole or not at all: the upload is unzipped once, under limits; every
   * cell of every service's files is checked first (all bad cells reported); then the catalogue
   * writes its part in one transaction and, before committing it, has the subsidy and billing
   * services write theirs (see writeAll).
   */
  async importBundle(bytes: Uint8Array, actor: Actor, progress: (percent: number) => Promise<void>, blobKey: string, jobId: string): Promise<ImportResult> {
    const files = unzipBundle(bytes, this.limits);
    const errors: CellError[] = [];
    const billingFiles = [...files.keys()].filter((n) => (BILLING_FILES as readonly string[]).includes(n));
    const policy = files.get('policy.json');
    for (const name of files.keys()) {
      if (name in CATALOGUE_FILES || (BILLING_FILES as readonly string[]).includes(name) || (SUBSIDY_FILES as readonly string[]).includes(name)) continue;
      const service = FILES_OF_OTHER_SERVICES[name];
      errors.push({
        file: name, line: 0, column: '',
        reason: service
          ? said(`${name} 属于尚未安装的 ${service} 服务，请从数据包中移除，待该服务安装后再导入`, `${name} belongs to the ${service} service, which this installation does not run yet; remove it from the bundle and import it once that service is installed`)
          : said(`未知文件；数据包可包含：${[...Object.keys(CATALOGUE_FILES), ...BILLING_FILES, ...SUBSIDY_FILES].join('、')}`, `unknown file; a bundle holds ${[...Object.keys(CATALOGUE_FILES), ...BILLING_FILES, ...SUBSIDY_FILES].join(', ')}`),
      });
    }
    if (![...files.keys()].some((n) => n in CATALOGUE_FILES) && !billingFiles.length && policy === undefined) {
      errors.push({ file: '(bundle)', line: 0, column: '', reason: said(`数据包中没有交换格式的文件（${[...Object.keys(CATALOGUE_FILES), ...BILLING_FILES].join('、')}）`, `no file of the exchange format (${[...Object.keys(CATALOGUE_FILES), ...BILLING_FILES].join(', ')}) in the bundle`) });
    }
    const policyTooLarge = policy !== undefined && Buffer.byteLength(policy) > MAX_POLICY_BYTES;
    if (policyTooLarge) errors.push({ file: 'policy.json', line: 0, column: '', reason: said(`policy.json 超过 ${MAX_POLICY_BYTES / 1024} KB`, `policy.json is larger than ${MAX_POLICY_BYTES / 1024} KB`) });
    // Billing's files go to Redis once, each under its own key, and leave this process's memory.
    if (billingFiles.length) await this.stage(blobKey, files, billingFiles);
    const request: BillingImportRequest = { actor, blobKey, files: billingFiles };
    const categories = await this.catalogue.leafCategories();
    const bundle = readCatalogueBundle(files, categories, errors);
    if (billingFiles.length) await this.stageCodes(blobKey, bundle);
    await progress(10);
    if (errors.length === 0) await crossCheck(this.catalogue, bundle, actor, errors);
    // Billing checks its files (against this bundle's catalogue rows and the platform) before anything is written anywhere.
    if (billingFiles.length) {
      const check = await this.billing.check(request);
      if (check.total && check.errorsKey) errors.push(...JSON.parse((await this.redis.get(check.errorsKey)) ?? '[]') as CellError[]);
    }
    if (policy !== undefined && !policyTooLarge) errors.push(...(await this.billing.checkPolicy(actor, policy)).errors);
    if (errors.length) throw new BundleError(errors);
    await progress(20);
    const counts = await this.writeAll(bundle, request, policy, progress, jobId);
    await this.cache.bump();
    await this.refreshStatistics(counts);
    await progress(100);
    return { counts };
  }

  /**
   * Whole or nothing across services, without two-phase commit (PREPARE TRANSACTION needs
   * max_prepared_transactions > 0, off by default and on the local server). The catalogue's
   * transaction stays open while the others write: its rows are written, then policy.json is
   * imported, then billing applies its part in its own transaction, and only then does the
   * catalogue commit. Should billing (or the subsidy service) fail, the catalogue's transaction
   * rolls back and nothing of the bundle is stored. Billing cannot see the catalogue's uncommitted
   * rows through the codes lookup, so their ids are staged for it (ImportKeys.resolved).
   *
   * A failure between billing's commit and the catalogue's (the catalogue's commit itself failing,
   * billing's answer lost to a timeout after it committed, the worker or Redis lost then) leaves
   * billing's part alone and the import 'applying': the import is 'applied' only in the catalogue's
   * transaction (ImportsRepository.applied), so it is run again, by BullMQ's retries or, its job lost,
   * by the ImportSweep from the stored bundle. Every part is an upsert by code, so the run writes
   * the catalogue rows again and billing's rows take their new ids: whole in the end. The subsidy part goes before
   * billing's, being the smaller risk: a policy is one document, checked already.
   */
  private async writeAll(bundle: CatalogueBundle, request: BillingImportRequest, policy: string | undefined, progress: (percent: number) => Promise<void>, jobId: string): Promise<ImportCounts> {
    const billing = request.files.length > 0;
    // The one use of the EntityManager here: the transaction the repositories write in.
    return this.orm.em.fork().transactional(async (tx) => {
      const counts: ImportCounts = await this.catalogue.write(tx, bundle, (f) => progress(20 + Math.floor(f * (billing ? 50 : 79))));
      if (policy !== undefined) Object.assign(counts, { 'policy.json': await this.billing.importPolicy(request.actor, policy) });
      if (billing) {
        await this.stageResolved(request.blobKey, await this.facts.resolve({
          instruments: bundle.instruments.map((i) => i.code), users: bundle.users.map((u) => u.code), institutions: bundle.institutions.map((i) => i.code),
        }, tx));
        await progress(75);
        Object.assign(counts, await this.billing.apply(request));
        // Test-only (test/faults/import-redis.fault-spec.ts): holds the window between billing's
        // commit and the catalogue's open, so a fault test can kill the worker inside it. 0 in production.
        if (this.pauseBeforeCommitMs) await new Promise((r) => setTimeout(r, this.pauseBeforeCommitMs));
      }
      await this.store.applied(tx, jobId, { counts });
      // A bundle changes institutions, accounts and rate cards in bulk: the trail records the import, its counts per file.
      await this.audit.append(tx, { actor: request.actor, action: 'import.apply', objectType: 'import', objectId: jobId, before: null, after: { counts } });
      return counts;
    });
  }

  /** Every key an upload left in Redis, for when its job is over. */
  async discard(blobKey: string): Promise<void> {
    await this.redis.del(blobKey, ImportKeys.codes(blobKey), ImportKeys.resolved(blobKey), ImportKeys.billingErrors(blobKey), ...BILLING_FILES.map((f) => ImportKeys.file(blobKey, f)));
  }

  private async stage(blobKey: string, files: Map<string, string>, names: string[]): Promise<void> {
    const multi = this.redis.multi();
    for (const name of names) {
      multi.set(ImportKeys.file(blobKey, name), files.get(name) as string, 'EX', IMPORT_BLOB_TTL_SECONDS);
      files.delete(name);
    }
    await multi.exec();
  }

  /** What billing's references may point to in this bundle's own catalogue files. */
  private async stageCodes(blobKey: string, bundle: CatalogueBundle): Promise<void> {
    const codes: BundleCodes = {
      instruments: bundle.instruments.map((i) => [i.code, i.institutionCode]),
      users: bundle.users.map((u) => [u.code, u.institutionCode]),
      institutions: bundle.institutions.map((i) => i.code),
    };
    await this.redis.set(ImportKeys.codes(blobKey), JSON.stringify(codes), 'EX', IMPORT_BLOB_TTL_SECONDS);
  }

  /** Stages the ids of this bundle's catalogue rows as the open transaction sees them (new rows included), for billing. */
  private async stageResolved(blobKey: string, resolved: ResolvedCodes): Promise<void> {
    await this.redis.set(ImportKeys.resolved(blobKey), JSON.stringify(resolved), 'EX', IMPORT_BLOB_TTL_SECONDS);
  }

  /**
   * After a bulk import the planner's statistics describe the catalogue as it was: searches then
   * pick plans for a table a fraction of its size (seen: filter searches 2.5 times slower until
   * autovacuum came by). A large import refreshes them, and the visibility map that lets counts
   * run on indexes alone, at once. Outside the import's transaction: VACUUM cannot run inside one.
   *
   * The import wrote each search row two or three times (the instrument, then its cards' prices):
   * the table is left two to three times its size with the live rows scattered, and a text search
   * visits a page per match. Rewriting it compactly in code order (1 s for 100,000 instruments,
   * during which searches wait rather than fail) halves the pages a search reads.
   */
  private async refreshStatistics(counts: ImportCounts): Promise<void> {
    const written = Object.values(counts).reduce((sum, c) => sum + c.inserted + c.updated, 0);
    if (written < LARGE_IMPORT_ROWS) return;
    await this.catalogue.refreshStatistics();
  }
}

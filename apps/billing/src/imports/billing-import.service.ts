import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { Actor, BillingImportCheckReply, BillingImportCounts, BundleCodes, IMPORT_BLOB_TTL_SECONDS, IMPORT_SUMMARY_CELLS, ImportKeys, ResolvedCodes } from '@yixiang/contracts';
import { CellError, fail, requireActor } from '@yixiang/common';
import { UPLOAD_KEY_PATTERN, said } from '@yixiang/domain';
import { BILLING_REDIS } from '../exports/exports.service';
import { FactsClient } from '../settlement/facts.client';
import { BillingBundle, BILLING_FILES, readBillingBundle } from './billing-bundle';
import { BillingImportRepository } from './billing-import.repository';

/**
 * Billing's part of an exchange bundle, driven by the catalogue's import job: `check` reports every
 * bad cell before anything is written anywhere; `apply` upserts vouchers, usage and feedback by
 * code in one transaction, while the catalogue's own transaction waits open for it (so that a
 * failure here leaves nothing of the catalogue's part either). Both read billing's files as the
 * catalogue staged them in Redis (ImportKeys): the upload is unzipped once, by the catalogue,
 * under its limits; a bundle is far larger than a NATS message.
 */
@Injectable()
export class BillingImportService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: BillingImportRepository,
    private readonly facts: FactsClient,
    @Inject(BILLING_REDIS) private readonly redis: Redis,
  ) {}

  async check(actor: Actor | null, blobKey: string, files: unknown): Promise<BillingImportCheckReply> {
    const a = requireActor(actor);
    const { bundle, errors } = await this.read(blobKey, files);
    if (a.role !== 'bureau') {
      for (const file of Object.keys(BILLING_FILES)) {
        if ((file === 'vouchers.csv' && bundle.vouchers.length) || (file === 'usage.csv' && bundle.usage.length) || (file === 'feedback.csv' && bundle.feedback.length)) {
          errors.push({ file, line: 0, column: '', reason: said(`只有科技局可以导入 ${file}；单位请通过结束使用或录入使用记录登记`, `only the bureau imports ${file}; institutions record usage through check-out or POST /usage`) });
        }
      }
    }
    const resolved = await this.resolve(blobKey, bundle, false);
    await this.checkReferences(bundle, resolved, errors);
    if (!errors.length) return { total: 0, errorsKey: null };
    // However many there are, the reply stays small: the cells wait in Redis for the catalogue's report.
    const errorsKey = ImportKeys.billingErrors(blobKey);
    await this.redis.set(errorsKey, JSON.stringify(errors), 'EX', IMPORT_BLOB_TTL_SECONDS);
    return { total: errors.length, errorsKey };
  }

  /**
   * Called by the catalogue from inside its open transaction, after its own writes: the ids of this
   * bundle's new catalogue rows are not visible to the codes lookup yet, so the catalogue stages
   * them (ImportKeys.resolved) and they take precedence here.
   */
  async apply(actor: Actor | null, blobKey: string, files: unknown): Promise<BillingImportCounts> {
    requireActor(actor);
    const { bundle, errors } = await this.read(blobKey, files);
    const resolved = await this.resolve(blobKey, bundle, true);
    await this.checkReferences(bundle, resolved, errors);
    if (errors.length) {
      fail('VALIDATION_FAILED', said(`数据包的计费文件有 ${errors.length} 个错误单元格（检查之后又有改动）`, `billing files of the bundle have ${errors.length} bad cells (changed since they were checked)`), { cells: errors.slice(0, IMPORT_SUMMARY_CELLS), totalBadCells: errors.length });
    }
    // The service's one use of the EntityManager: the transaction the repository writes in.
    return this.em.fork().transactional(async (tx) => {
      const counts: BillingImportCounts = {};
      if (bundle.vouchers.length) {
        counts['vouchers.csv'] = await this.repository.upsertVouchers(tx, bundle.vouchers.map((v) => ({ ...v, holderInstitutionId: resolved.institutions[v.holderInstitutionCode].id })));
      }
      if (bundle.usage.length) {
        const voucherIds = await this.repository.voucherIds(bundle.usage.map((u) => u.voucherCode).filter((c): c is string => c !== null), tx);
        const instrument = (code: string) => resolved.instruments[code];
        counts['usage.csv'] = await this.repository.upsertUsage(tx, bundle.usage.map((r) => ({
          ...r, instrumentId: instrument(r.instrumentCode).id, providerInstitutionId: instrument(r.instrumentCode).institutionId,
          userId: resolved.users[r.userCode].id, userInstitutionId: resolved.users[r.userCode].institutionId,
          voucherId: r.voucherCode ? (voucherIds.get(r.voucherCode) as string) : null,
        })));
      }
      if (bundle.feedback.length) counts['feedback.csv'] = await this.repository.upsertFeedback(tx, bundle.feedback);
      return counts;
    });
  }

  private async read(blobKey: string, files: unknown): Promise<{ bundle: BillingBundle; errors: CellError[] }> {
    if (typeof blobKey !== 'string' || !UPLOAD_KEY_PATTERN.test(blobKey)) fail('VALIDATION_FAILED', said('上传引用无效', 'bad upload reference'));
    if (!Array.isArray(files) || files.some((f) => typeof f !== 'string' || !(f in BILLING_FILES))) {
      fail('VALIDATION_FAILED', said(`files 必须列出数据包中的计费文件（${Object.keys(BILLING_FILES).join('、')}）`, `files must list billing's files of the bundle (${Object.keys(BILLING_FILES).join(', ')})`), { fields: [{ field: 'files', reason: said('不是计费文件列表', 'not a list of billing files') }] });
    }
    const names = [...new Set(files as string[])];
    const [codesJson, ...texts] = await this.redis.mget(ImportKeys.codes(blobKey), ...names.map((f) => ImportKeys.file(blobKey, f)));
    if (codesJson === null || texts.some((t) => t === null)) fail('NOT_FOUND', said('上传的数据包已过期，请重新上传', 'the uploaded bundle has expired; upload it again'));
    const errors: CellError[] = [];
    const staged = new Map(names.map((f, k) => [f, texts[k] as string]));
    return { bundle: readBillingBundle(staged, JSON.parse(codesJson as string) as BundleCodes, errors), errors };
  }

  /** Codes to ids: the platform's through the catalogue, and (when applying) this bundle's own as the catalogue staged them. */
  private async resolve(blobKey: string, bundle: BillingBundle, staged: boolean): Promise<ResolvedCodes> {
    const resolved = await this.facts.resolve({
      instruments: [...new Set(bundle.usage.map((u) => u.instrumentCode))],
      users: [...new Set(bundle.usage.map((u) => u.userCode))],
      institutions: [...new Set(bundle.vouchers.map((v) => v.holderInstitutionCode))],
    });
    if (!staged) return resolved;
    const json = await this.redis.get(ImportKeys.resolved(blobKey));
    if (json === null) fail('NOT_FOUND', said('数据包的目录部分未暂存，请重新导入', 'the catalogue part of the bundle was not staged; run the import again'));
    const own = JSON.parse(json) as ResolvedCodes;
    return {
      instruments: { ...resolved.instruments, ...own.instruments },
      users: { ...resolved.users, ...own.users },
      institutions: { ...resolved.institutions, ...own.institutions },
    };
  }

  /** References must exist in the bundle or already on the platform; completed records must not overlap those already stored. */
  private async checkReferences(bundle: BillingBundle, resolved: ResolvedCodes, errors: CellError[]): Promise<void> {
    for (const v of bundle.vouchers) {
      if (!resolved.institutions[v.holderInstitutionCode] && !bundle.institutions.has(v.holderInstitutionCode)) {
        errors.push({ file: 'vouchers.csv', line: v.line, column: 'holderInstitutionCode', reason: said(`单位 ${v.holderInstitutionCode} 不存在`, `unknown institution ${v.holderInstitutionCode}`) });
      }
    }
    // A programme's voucher is the approval's (its face value is committed budget): no bundle rewrites it.
    const byProgramme = bundle.vouchers.length ? await this.repository.programmeVoucherCodes(bundle.vouchers.map((v) => v.code)) : new Set<string>();
    for (const v of bundle.vouchers) {
      if (byProgramme.has(v.code)) {
        errors.push({ file: 'vouchers.csv', line: v.line, column: 'code', reason: said(`创新券 ${v.code} 由创新券计划发放，不能由导入修改`, `voucher ${v.code} was issued by a voucher programme and cannot be changed by an import`) });
      }
    }
    const bundleVouchers = new Set(bundle.vouchers.map((v) => v.code));
    const storedVouchers = await this.repository.voucherIds(bundle.usage.map((u) => u.voucherCode).filter((c): c is string => c !== null && !bundleVouchers.has(c)));
    for (const u of bundle.usage) {
      if (!resolved.instruments[u.instrumentCode] && !bundle.instrumentOwners.has(u.instrumentCode)) {
        errors.push({ file: 'usage.csv', line: u.line, column: 'instrumentCode', reason: said(`仪器 ${u.instrumentCode} 不存在`, `unknown instrument ${u.instrumentCode}`) });
      }
      const user = resolved.users[u.userCode];
      if (!(user?.institutionId || bundle.userInstitutions.get(u.userCode))) {
        errors.push({ file: 'usage.csv', line: u.line, column: 'userCode', reason: said(`用户 ${u.userCode} 不存在（或不属于任何单位）`, `unknown user ${u.userCode} (or one without an institution)`) });
      }
      if (u.voucherCode && !bundleVouchers.has(u.voucherCode) && !storedVouchers.has(u.voucherCode)) {
        errors.push({ file: 'usage.csv', line: u.line, column: 'voucherCode', reason: said(`创新券 ${u.voucherCode} 不存在`, `unknown voucher ${u.voucherCode}`) });
      }
    }
    const bundleUsage = new Set(bundle.usage.map((u) => u.code));
    const missing = bundle.feedback.map((f) => f.usageCode).filter((c) => !bundleUsage.has(c));
    const stored = missing.length ? await this.repository.storedUsageCodes(missing) : new Set<string>();
    for (const f of bundle.feedback) {
      if (!bundleUsage.has(f.usageCode) && !stored.has(f.usageCode)) errors.push({ file: 'feedback.csv', line: f.line, column: 'usageCode', reason: said(`使用记录 ${f.usageCode} 不存在`, `unknown usage record ${f.usageCode}`) });
    }
    // Completed rows against completed records already stored under other codes (a re-import of the same codes replaces them).
    const known = bundle.usage.filter((u) => u.status === 'completed' && resolved.instruments[u.instrumentCode]);
    if (known.length) {
      const clashes = await this.repository.completedClashes(
        known.map((u) => ({ code: u.code, instrumentId: resolved.instruments[u.instrumentCode].id, start: u.start, end: u.end })), [...bundleUsage]);
      const line = new Map(bundle.usage.map((u) => [u.code, u.line]));
      for (const c of clashes) errors.push({ file: 'usage.csv', line: line.get(c.code) ?? 0, column: 'start', reason: said(`与平台上已有的使用记录 ${c.other} 时间重叠`, `overlaps usage record ${c.other} already on the platform`) });
    }
  }
}

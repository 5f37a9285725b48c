import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Actor, CrossRegionQuery, CrossRegionStatisticsView, ExportedFile, ServiceCategory } from '@yixiang/contracts';
import { authorize, writeWorkbook, XLSX_CONTENT_TYPE } from '@yixiang/common';
import {
  CROSS_REGION_COLUMNS, CROSS_REGION_SHEET, crossRegionExportRow, crossRegionSheetRow, crossRegionStatistics, CrossRegionStatistics, SharingFigures, shanghaiMidnight,
} from '@yixiang/domain';
import { BillingConfig } from '../config';
import { BILLING_REDIS } from '../exports/exports.service';
import { FactsClient } from '../settlement/facts.client';
import { CrossRegionRepository } from './cross-region.repository';

/** Exports wait in Redis this long for the gateway to send them (as the other billing exports). */
const EXPORT_TTL_SECONDS = 600;

const view = (f: SharingFigures) => ({ services: f.services, minutes: f.minutes, amountFen: Number(f.amountFen), voucherFen: Number(f.voucherFen) });

/**
 * GET /statistics/cross-region: billing's database sums the year's usage per pair of institutions,
 * the catalogue says each institution's region, libs/domain attributes the sums to regions.
 */
@Injectable()
export class CrossRegionService {
  constructor(
    private readonly repository: CrossRegionRepository,
    private readonly facts: FactsClient,
    private readonly config: BillingConfig,
    @Inject(BILLING_REDIS) private readonly redis: Redis,
  ) {}

  async statistics(actor: Actor | null, query: CrossRegionQuery): Promise<CrossRegionStatisticsView> {
    authorize(actor, 'statistics.cross-region', {});
    const s = await this.compute(query);
    return {
      year: query.year, region: query.region ?? null,
      rows: s.rows.map((r) => ({ providerRegion: r.providerRegion, userRegion: r.userRegion, period: r.period, serviceCategory: r.category as ServiceCategory, ...view(r) })),
      totals: s.totals.map((t) => ({
        region: t.region, asProvider: view(t.asProvider), asUser: view(t.asUser), crossBorder: view(t.crossBorder),
        crossBorderAsProvider: view(t.crossBorderAsProvider), crossBorderAsUser: view(t.crossBorderAsUser),
      })),
      flows: s.flows.map((f) => ({ providerRegion: f.providerRegion, userRegion: f.userRegion, ...view(f) })),
    };
  }

  async export(actor: Actor | null, query: CrossRegionQuery, format: 'csv' | 'xlsx'): Promise<ExportedFile> {
    authorize(actor, 'statistics.cross-region', {});
    const computed = (await this.compute(query)).rows;
    const rows = computed.map(crossRegionExportRow);
    const body = format === 'csv'
      ? Buffer.from(stringify([[...CROSS_REGION_COLUMNS], ...rows], { record_delimiter: 'unix' }), 'utf8')
      : await writeWorkbook(CROSS_REGION_SHEET, computed.map(crossRegionSheetRow));
    const blobKey = `${this.config.BULLMQ_PREFIX}:export:${randomUUID()}`;
    await this.redis.set(blobKey, body, 'EX', EXPORT_TTL_SECONDS);
    return {
      blobKey, rows: rows.length, fileName: `cross-region-${query.year}${query.region ? `-${query.region}` : ''}.${format}`,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE,
    };
  }

  private async compute(query: CrossRegionQuery): Promise<CrossRegionStatistics> {
    const pairs = await this.repository.pairs(shanghaiMidnight(`${query.year}-01-01`), shanghaiMidnight(`${query.year + 1}-01-01`));
    const institutions = [...new Set(pairs.flatMap((p) => [p.provider_institution_id, p.user_institution_id]))];
    const regions = new Map((await this.facts.facts([], institutions)).institutions.map((i) => [i.id, i.region ?? null]));
    return crossRegionStatistics(
      pairs.map((p) => ({
        providerInstitutionId: p.provider_institution_id, userInstitutionId: p.user_institution_id, period: p.period, category: p.category,
        services: Number(p.services), minutes: Number(p.minutes), amountFen: BigInt(p.amount_fen), voucherFen: BigInt(p.voucher_fen),
      })),
      (id) => regions.get(id) ?? null,
      query.region ?? null,
    );
  }
}

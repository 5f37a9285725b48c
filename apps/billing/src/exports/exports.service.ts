import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Actor, BillingExport } from '@yixiang/contracts';
import { requireActor, ScopeColumns, SqlFilter, writeXlsx } from '@yixiang/common';
import { CHARGE_COLUMNS, sortRows, STATEMENT_COLUMNS } from '@yixiang/domain';
import { BillingConfig } from '../config';
import { FactsClient } from '../settlement/facts.client';
import { CHARGE_SCOPE, RECORD_SCOPE, STATEMENT_SCOPE } from '../statements/scope';
import { ExportsRepository } from './exports.repository';

export const BILLING_REDIS = Symbol('BILLING_REDIS');
/** Exports wait in Redis this long for the gateway to send them (NATS messages are too small for them). */
const EXPORT_TTL_SECONDS = 600;

const HEADERS: Record<BillingExport, readonly string[]> = {
  charges: CHARGE_COLUMNS,
  unbilled: ['usageCode', 'reason'],
  'voucher-rejections': ['usageCode', 'voucherCode', 'reason'],
  statements: STATEMENT_COLUMNS,
};

/** The exchange format's outputs of billing (exchange.md, "What comes out"), as CSV or .xlsx. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly repository: ExportsRepository,
    private readonly facts: FactsClient,
    private readonly config: BillingConfig,
    @Inject(BILLING_REDIS) private readonly redis: Redis,
  ) {}

  async export(actor: Actor | null, kind: BillingExport, format: 'csv' | 'xlsx', period?: string): Promise<{ blobKey: string; fileName: string; contentType: string; rows: number }> {
    const a = requireActor(actor);
    const rows = await this.rows(a, kind, period);
    const header = HEADERS[kind];
    const body = format === 'csv'
      ? Buffer.from(stringify([[...header], ...rows], { record_delimiter: 'unix' }), 'utf8')
      : Buffer.from(writeXlsx(kind, header, rows));
    const blobKey = `${this.config.BULLMQ_PREFIX}:export:${randomUUID()}`;
    await this.redis.set(blobKey, body, 'EX', EXPORT_TTL_SECONDS);
    return {
      blobKey, rows: rows.length, fileName: `${kind}${period ? `-${period}` : ''}.${format}`,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    };
  }

  private async rows(actor: Actor, kind: BillingExport, period?: string): Promise<string[][]> {
    // The actor's scope (a regional bureau officer's: its region's institutions), then the period if one is asked for.
    const regionInstitutions = await this.facts.regions.scopeOf(actor);
    const scoped = (columns: ScopeColumns, periodColumn: string) => {
      const filter = new SqlFilter().scopedTo(actor, columns, regionInstitutions);
      return period ? filter.and(`${periodColumn} = ?`, period) : filter;
    };
    if (kind === 'charges') return this.repository.chargeLines(scoped(CHARGE_SCOPE, 'c.period'));
    if (kind === 'unbilled' || kind === 'voucher-rejections') return this.repository.recordLines(kind, scoped(RECORD_SCOPE, 'x.period'));
    const rows = await this.repository.statements(scoped(STATEMENT_SCOPE, 's.period'));
    const institutions = new Set(rows.flatMap((r) => [String(r.provider), String(r.payer)]));
    const facts = await this.facts.facts([], [...institutions]);
    const code = new Map(facts.institutions.map((i) => [i.id, i.code]));
    return sortRows(rows.map((r) => [code.get(String(r.provider)) ?? String(r.provider), code.get(String(r.payer)) ?? String(r.payer), String(r.period), String(r.lines), String(r.amount), String(r.voucher), String(r.payable)]));
  }
}

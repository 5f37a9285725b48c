import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Actor, BillingExport } from '@yixiang/contracts';
import { requireActor, ScopeColumns, SqlFilter, writeWorkbook, XLSX_CONTENT_TYPE } from '@yixiang/common';
import {
  CHARGE_COLUMNS, CHARGES_SHEET, labelOf, SheetInput, SheetSpec, sortRows, STATEMENT_COLUMNS, STATEMENTS_SHEET, UNBILLED_REASON_LABELS, UNBILLED_SHEET,
  VOUCHER_REJECTION_LABELS, VOUCHER_REJECTIONS_SHEET, yesNo,
} from '@yixiang/domain';
import { BillingConfig } from '../config';
import { FactsClient } from '../settlement/facts.client';
import { CHARGE_SCOPE, RECORD_SCOPE, STATEMENT_SCOPE } from '../statements/scope';
import { ExportsRepository } from './exports.repository';

export const BILLING_REDIS = Symbol('BILLING_REDIS');
/** Exports wait in Redis this long for the gateway to send them (NATS messages are too small for them). */
const EXPORT_TTL_SECONDS = 600;

const SHEETS: Record<BillingExport, SheetSpec> = {
  charges: CHARGES_SHEET, unbilled: UNBILLED_SHEET, 'voucher-rejections': VOUCHER_REJECTIONS_SHEET, statements: STATEMENTS_SHEET,
};

/** An export's lines both ways: the exchange format's CSV cells, and the spreadsheet's (names beside codes, labels, yuan). */
interface ExportLines { csv: string[][]; sheet: SheetInput[][] }

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
    const lines = await this.rows(a, kind, period, format === 'xlsx');
    const body = format === 'csv'
      ? Buffer.from(stringify([[...HEADERS[kind]], ...lines.csv], { record_delimiter: 'unix' }), 'utf8')
      : await writeWorkbook(SHEETS[kind], lines.sheet);
    const blobKey = `${this.config.BULLMQ_PREFIX}:export:${randomUUID()}`;
    await this.redis.set(blobKey, body, 'EX', EXPORT_TTL_SECONDS);
    return {
      blobKey, rows: lines.csv.length, fileName: `${kind}${period ? `-${period}` : ''}.${format}`,
      contentType: format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE,
    };
  }

  /** The institutions' and instruments' codes and names, for the spreadsheet's names beside codes (one catalogue call). */
  private async names(instrumentIds: string[], institutionIds: string[]) {
    const facts = await this.facts.facts([...new Set(instrumentIds)], [...new Set(institutionIds)]);
    return {
      institution: new Map(facts.institutions.map((i) => [i.id, i])),
      instrument: new Map(facts.instruments.map((i) => [i.id, i])),
    };
  }

  private async rows(actor: Actor, kind: BillingExport, period: string | undefined, sheet: boolean): Promise<ExportLines> {
    // The actor's scope (a regional bureau officer's: its region's institutions), then the period if one is asked for.
    const regionInstitutions = await this.facts.regions.scopeOf(actor);
    const scoped = (columns: ScopeColumns, periodColumn: string) => {
      const filter = new SqlFilter().scopedTo(actor, columns, regionInstitutions);
      return period ? filter.and(`${periodColumn} = ?`, period) : filter;
    };
    if (kind === 'charges') {
      const rows = await this.repository.charges(scoped(CHARGE_SCOPE, 'c.period'));
      const csv = rows.map((r) => [r.code, r.rate_code, String(r.external), r.billed_units, r.amount, r.voucher, r.voucher_fen, r.payable].map(String));
      if (!sheet) return { csv, sheet: [] };
      const names = await this.names(rows.map((r) => r.instrument_id), rows.flatMap((r) => [String(r.provider), String(r.payer)]));
      return {
        csv,
        sheet: rows.map((r) => {
          const instrument = names.instrument.get(r.instrument_id);
          return [
            String(r.code), r.start_at, instrument?.code ?? '', instrument?.name ?? '', names.institution.get(String(r.provider))?.name ?? '',
            names.institution.get(String(r.payer))?.name ?? '', String(r.rate_code), yesNo(r.external), String(r.billed_units), String(r.amount),
            String(r.voucher), String(r.voucher_fen), String(r.payable),
          ];
        }),
      };
    }
    if (kind === 'unbilled' || kind === 'voucher-rejections') {
      const rows = await this.repository.records(kind, scoped(RECORD_SCOPE, 'x.period'));
      if (kind === 'unbilled') {
        return { csv: rows.map((r) => [r.code, r.message]), sheet: rows.map((r) => [r.code, labelOf(UNBILLED_REASON_LABELS, r.reason), r.message]) };
      }
      return {
        csv: rows.map((r) => [r.code, r.voucher ?? '', r.message]),
        sheet: rows.map((r) => [r.code, r.voucher ?? '', labelOf(VOUCHER_REJECTION_LABELS, r.reason), r.message]),
      };
    }
    const rows = await this.repository.statements(scoped(STATEMENT_SCOPE, 's.period'));
    const names = await this.names([], rows.flatMap((r) => [String(r.provider), String(r.payer)]));
    const code = (id: string) => names.institution.get(id)?.code ?? id;
    const csv = sortRows(rows.map((r) => [code(String(r.provider)), code(String(r.payer)), String(r.period), String(r.lines), String(r.amount), String(r.voucher), String(r.payable)]));
    const byCode = new Map([...names.institution.values()].map((i) => [i.code, i.name ?? '']));
    return {
      csv,
      sheet: csv.map(([provider, payer, p, lines, amount, voucher, payable]) => [
        provider, byCode.get(provider) ?? '', payer, byCode.get(payer) ?? '', p, lines, amount, voucher, payable,
      ]),
    };
  }
}

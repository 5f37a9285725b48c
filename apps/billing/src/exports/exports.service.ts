import { EntityManager } from '@mikro-orm/postgresql';
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
    private readonly em: EntityManager,
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
    const conn = this.em.getConnection();
    // The actor's scope (a regional bureau officer's: its region's institutions), then the period if one is asked for.
    const regionInstitutions = await this.facts.regions.scopeOf(actor);
    const scoped = (columns: ScopeColumns, periodColumn: string) => {
      const filter = new SqlFilter().scopedTo(actor, columns, regionInstitutions);
      return period ? filter.and(`${periodColumn} = ?`, period) : filter;
    };
    if (kind === 'charges') {
      const filter = scoped(CHARGE_SCOPE, 'c.period');
      const rows = await conn.execute<Record<string, string | boolean | Date>[]>(
        `select u.code, c.rate_code, c.external, c.billed_units, c.amount_fen::text as amount, coalesce(v.code, '') as voucher, c.voucher_fen::text as voucher_fen, c.payable_fen::text as payable,
           u.start_at, u.instrument_id, c.provider_institution_id as provider, c.payer_institution_id as payer
         from billing.charge c join billing.usage_record u on u.id = c.usage_record_id left join billing.voucher v on v.id = c.voucher_id
         where ${filter.sql} order by u.code collate "C"`, filter.params);
      const csv = rows.map((r) => [r.code, r.rate_code, String(r.external), r.billed_units, r.amount, r.voucher, r.voucher_fen, r.payable].map(String));
      if (!sheet) return { csv, sheet: [] };
      const names = await this.names(rows.map((r) => String(r.instrument_id)), rows.flatMap((r) => [String(r.provider), String(r.payer)]));
      return {
        csv,
        sheet: rows.map((r) => {
          const instrument = names.instrument.get(String(r.instrument_id));
          return [
            String(r.code), r.start_at as Date, instrument?.code ?? '', instrument?.name ?? '', names.institution.get(String(r.provider))?.name ?? '',
            names.institution.get(String(r.payer))?.name ?? '', String(r.rate_code), yesNo(r.external as boolean), String(r.billed_units), String(r.amount),
            String(r.voucher), String(r.voucher_fen), String(r.payable),
          ];
        }),
      };
    }
    if (kind === 'unbilled' || kind === 'voucher-rejections') {
      const table = kind === 'unbilled' ? 'billing.unbilled' : 'billing.voucher_refusal';
      const filter = scoped(RECORD_SCOPE, 'x.period');
      const rows = await conn.execute<{ code: string; voucher: string | null; reason: string; message: string }[]>(
        `select u.code, ${kind === 'unbilled' ? 'null' : 'v.code'} as voucher, x.reason, x.message from ${table} x join billing.usage_record u on u.id = x.usage_record_id
         ${kind === 'unbilled' ? '' : 'join billing.voucher v on v.id = x.voucher_id'}
         where ${filter.sql} order by u.code collate "C"`, filter.params);
      if (kind === 'unbilled') {
        return { csv: rows.map((r) => [r.code, r.message]), sheet: rows.map((r) => [r.code, labelOf(UNBILLED_REASON_LABELS, r.reason), r.message]) };
      }
      return {
        csv: rows.map((r) => [r.code, r.voucher ?? '', r.message]),
        sheet: rows.map((r) => [r.code, r.voucher ?? '', labelOf(VOUCHER_REJECTION_LABELS, r.reason), r.message]),
      };
    }
    const filter = scoped(STATEMENT_SCOPE, 's.period');
    const rows = await conn.execute<Record<string, string | number>[]>(
      `select s.provider_institution_id as provider, s.payer_institution_id as payer, s.period, s.lines, s.amount_fen::text as amount, s.voucher_fen::text as voucher, s.payable_fen::text as payable
       from billing.statement s where ${filter.sql}`, filter.params);
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

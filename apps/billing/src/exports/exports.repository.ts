import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SqlFilter } from '@yixiang/common';

/** A charge as charges.csv has it; money as text (bigint). */
interface ChargeExportRow { code: string; rate_code: string; external: boolean; billed_units: string; amount: string; voucher: string; voucher_fen: string; payable: string }

/** A record left unbilled, or a voucher refused on it (then with the voucher's code). */
interface RecordExportRow { code: string; voucher: string | null; message: string }

/** A statement with its institutions' ids (the file names them by code); money as text. */
export interface StatementExportRow { provider: string; payer: string; period: string; lines: number; amount: string; voucher: string; payable: string }

const chargeLine = (r: ChargeExportRow): string[] => [r.code, r.rate_code, String(r.external), r.billed_units, r.amount, r.voucher, r.voucher_fen, r.payable].map(String);

/** The kinds of record export: where each keeps its rows. */
const RECORD_TABLE = { unbilled: 'billing.unbilled', 'voucher-rejections': 'billing.voucher_refusal' } as const;

/**
 * The SQL of billing's exports (exchange.md, "What comes out"). Each takes the actor's scope and
 * the period as a filter on its table's alias (`c` charges, `x` the record table, `s` statements)
 * and reads on its own connection.
 */
@Injectable()
export class ExportsRepository {
  constructor(private readonly em: EntityManager) {}

  /** charges.csv's lines, in code point order of the usage code. */
  async chargeLines(filter: SqlFilter): Promise<string[][]> {
    const rows = await this.em.getConnection().execute<ChargeExportRow[]>(
      `select u.code, c.rate_code, c.external, c.billed_units, c.amount_fen::text as amount, coalesce(v.code, '') as voucher, c.voucher_fen::text as voucher_fen, c.payable_fen::text as payable
         from billing.charge c join billing.usage_record u on u.id = c.usage_record_id left join billing.voucher v on v.id = c.voucher_id
         where ${filter.sql} order by u.code collate "C"`, filter.params);
    return rows.map(chargeLine);
  }

  /** unbilled.csv's or voucher-rejections.csv's lines, in code point order of the usage code. */
  async recordLines(kind: keyof typeof RECORD_TABLE, filter: SqlFilter): Promise<string[][]> {
    const rows = await this.em.getConnection().execute<RecordExportRow[]>(
      `select u.code, ${kind === 'unbilled' ? 'null' : 'v.code'} as voucher, x.message from ${RECORD_TABLE[kind]} x join billing.usage_record u on u.id = x.usage_record_id
         ${kind === 'unbilled' ? '' : 'join billing.voucher v on v.id = x.voucher_id'}
         where ${filter.sql} order by u.code collate "C"`, filter.params);
    return rows.map((r) => (kind === 'unbilled' ? [r.code, r.message] : [r.code, r.voucher ?? '', r.message]));
  }

  async statements(filter: SqlFilter): Promise<StatementExportRow[]> {
    return this.em.getConnection().execute<StatementExportRow[]>(
      `select s.provider_institution_id as provider, s.payer_institution_id as payer, s.period, s.lines, s.amount_fen::text as amount, s.voucher_fen::text as voucher, s.payable_fen::text as payable
       from billing.statement s where ${filter.sql}`, filter.params);
  }
}

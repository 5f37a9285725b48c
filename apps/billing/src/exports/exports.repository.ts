import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SqlFilter } from '@yixiang/common';

/**
 * A charge as charges.csv has it, money as text (bigint); with the record's start, its instrument and
 * the two institutions for the spreadsheet's names beside codes.
 */
export interface ChargeExportRow {
  code: string; rate_code: string; external: boolean; billed_units: string; amount: string; voucher: string; voucher_fen: string; payable: string;
  start_at: Date; instrument_id: string; provider: string; payer: string;
}

/** A record left unbilled, or a voucher refused on it (then with the voucher's code); `reason` is the rule's code. */
export interface RecordExportRow { code: string; voucher: string | null; reason: string; message: string }

/** A statement with its institutions' ids (the file names them by code); money as text. */
export interface StatementExportRow { provider: string; payer: string; period: string; lines: number; amount: string; voucher: string; payable: string }

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

  /** The charges, in code point order of the usage code. */
  charges(filter: SqlFilter): Promise<ChargeExportRow[]> {
    return this.em.getConnection().execute<ChargeExportRow[]>(
      `select u.code, c.rate_code, c.external, c.billed_units, c.amount_fen::text as amount, coalesce(v.code, '') as voucher, c.voucher_fen::text as voucher_fen, c.payable_fen::text as payable,
           u.start_at, u.instrument_id, c.provider_institution_id as provider, c.payer_institution_id as payer
         from billing.charge c join billing.usage_record u on u.id = c.usage_record_id left join billing.voucher v on v.id = c.voucher_id
         where ${filter.sql} order by u.code collate "C"`, filter.params);
  }

  /** The records left unbilled or the vouchers refused, in code point order of the usage code. */
  records(kind: keyof typeof RECORD_TABLE, filter: SqlFilter): Promise<RecordExportRow[]> {
    return this.em.getConnection().execute<RecordExportRow[]>(
      `select u.code, ${kind === 'unbilled' ? 'null' : 'v.code'} as voucher, x.reason, x.message from ${RECORD_TABLE[kind]} x join billing.usage_record u on u.id = x.usage_record_id
         ${kind === 'unbilled' ? '' : 'join billing.voucher v on v.id = x.voucher_id'}
         where ${filter.sql} order by u.code collate "C"`, filter.params);
  }

  async statements(filter: SqlFilter): Promise<StatementExportRow[]> {
    return this.em.getConnection().execute<StatementExportRow[]>(
      `select s.provider_institution_id as provider, s.payer_institution_id as payer, s.period, s.lines, s.amount_fen::text as amount, s.voucher_fen::text as voucher, s.payable_fen::text as payable
       from billing.statement s where ${filter.sql}`, filter.params);
  }
}

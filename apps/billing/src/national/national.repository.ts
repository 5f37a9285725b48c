import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** A completed usage record of the institution's instruments, with its charge if its month is settled (money as text). */
export interface ServiceRecordRow {
  code: string; instrument_id: string; user_id: string; user_institution_id: string; service_mode: 'self' | 'assisted' | 'sample'; service_category: string;
  start_at: Date; end_at: Date; samples: number | null; project_code: string | null; amount_fen: string | null; voucher_fen: string | null;
}

/** The SQL of the national service records: billing's own usage records and charges. */
@Injectable()
export class NationalReportRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Completed records of the provider's instruments starting in [from, to), in code point order of the
   * usage code; the charge is the record's settled one (none until its month is settled, nor when it
   * went unbilled). One charge per record at most (its primary key).
   */
  services(providerInstitutionId: string, from: Date, to: Date): Promise<ServiceRecordRow[]> {
    return this.em.getConnection().execute<ServiceRecordRow[]>(
      `select u.code, u.instrument_id, u.user_id, u.user_institution_id, u.service_mode, u.service_category, u.start_at, u.end_at, u.samples, u.project_code,
         c.amount_fen::text as amount_fen, c.voucher_fen::text as voucher_fen
       from billing.usage_record u left join billing.charge c on c.usage_record_id = u.id
       where u.provider_institution_id = ? and u.status = 'completed' and u.start_at >= ? and u.start_at < ?
       order by u.code collate "C"`,
      [providerInstitutionId, from, to],
    );
  }
}

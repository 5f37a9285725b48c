import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** A year's completed usage summed per provider institution × user institution × month × category (bigints as text). */
export interface InstitutionPairRow {
  provider_institution_id: string;
  user_institution_id: string;
  period: string;
  category: string;
  services: string;
  minutes: string;
  amount_fen: string;
  voucher_fen: string;
}

/** The SQL of the cross-region statistics: billing's own tables (usage records and their charges) only. */
@Injectable()
export class CrossRegionRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Completed records starting in [from, to), by Asia/Shanghai month of the start; income from each
   * record's charge (none until its month is settled). One charge per record at most (its primary key),
   * so the join counts every record once. The pairs of institutions are few (institutions² × 12 ×
   * categories at worst); the regions are attributed to them outside SQL (the catalogue owns them).
   */
  async pairs(from: Date, to: Date): Promise<InstitutionPairRow[]> {
    return this.em.getConnection().execute<InstitutionPairRow[]>(
      `select u.provider_institution_id, u.user_institution_id,
         to_char(u.start_at at time zone 'Asia/Shanghai', 'YYYY-MM') as period, u.service_category as category,
         count(*)::text as services,
         sum(extract(epoch from u.end_at - u.start_at)::bigint / 60)::text as minutes,
         coalesce(sum(c.amount_fen), 0)::text as amount_fen,
         coalesce(sum(c.voucher_fen), 0)::text as voucher_fen
       from billing.usage_record u
       left join billing.charge c on c.usage_record_id = u.id
       where u.status = 'completed' and u.start_at >= ? and u.start_at < ?
       group by 1, 2, 3, 4`,
      [from, to],
    );
  }
}

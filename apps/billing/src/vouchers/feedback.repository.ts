import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** The usage record a rating is about, as far as rating needs it. */
export interface RatedUsageRow {
  id: string; code: string; user_id: string; status: string;
}

export interface NewFeedback {
  id: string; code: string; usageId: string; rating: number; comment: string | null; createdBy: string;
}

/** The SQL of feedback (billing.feedback): one rating per usage record. */
@Injectable()
export class FeedbackRepository {
  constructor(private readonly em: EntityManager) {}

  async usage(id: string): Promise<RatedUsageRow | null> {
    const [usage] = await this.em.getConnection().execute<RatedUsageRow[]>(`select id, code, user_id, status from billing.usage_record where id = ?`, [id]);
    return usage ?? null;
  }

  /** Stores a rating; a second rating of the same record raises the unique violation. */
  async insert(f: NewFeedback): Promise<void> {
    await this.em.getConnection().execute(
      `insert into billing.feedback (id, code, usage_record_id, rating, comment, created_by) values (?, ?, ?, ?, ?, ?)`,
      [f.id, f.code, f.usageId, f.rating, f.comment, f.createdBy]);
  }
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CreateFeedbackDto, FeedbackView } from '@yixiang/contracts';
import { authorize, fail, PG_UNIQUE_VIOLATION, pgCode, requireActor } from '@yixiang/common';
import { FeedbackRepository } from './feedback.repository';

/** One rating per completed usage record, by the researcher who used the service. */
@Injectable()
export class FeedbackService {
  constructor(private readonly feedback: FeedbackRepository) {}

  async create(actor: Actor | null, dto: CreateFeedbackDto): Promise<FeedbackView> {
    // Whether the caller may rate at all (a record of their own), before the record is looked up.
    authorize(actor, 'feedback.create', { userId: requireActor(actor).userId });
    const usage = await this.feedback.usage(dto.usageId);
    const a = authorize(actor, 'feedback.create', { userId: usage?.user_id ?? null }, `usage record ${dto.usageId} does not exist`);
    if (!usage) fail('NOT_FOUND', `usage record ${dto.usageId} does not exist`);
    if (usage.status !== 'completed') fail('RULE_VIOLATION', 'only a completed service can be rated', { rules: [{ rule: 'completed-only', message: `the record is ${usage.status}` }] });
    const id = randomUUID();
    try {
      await this.feedback.insert({ id, code: `FB-${usage.code}`, usageId: usage.id, rating: dto.rating, comment: dto.comment?.trim() || null, createdBy: a.userId });
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) fail('DUPLICATE', 'this service has already been rated', { fields: [{ field: 'usageId', reason: 'already rated' }] });
      throw error;
    }
    return { id, code: `FB-${usage.code}`, usageId: usage.id, rating: dto.rating, comment: dto.comment?.trim() || null };
  }
}

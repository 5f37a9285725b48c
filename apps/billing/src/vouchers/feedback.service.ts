import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, CreateFeedbackDto, FeedbackView } from '@yixiang/contracts';
import { authorize, fail, PG_UNIQUE_VIOLATION, pgCode, requireActor } from '@yixiang/common';
import { FeedbackRepository } from './feedback.repository';
import { said, noSuch } from '@yixiang/domain';

/** One rating per completed usage record, by the researcher who used the service. */
@Injectable()
export class FeedbackService {
  constructor(private readonly feedback: FeedbackRepository) {}

  async create(actor: Actor | null, dto: CreateFeedbackDto): Promise<FeedbackView> {
    // Whether the caller may rate at all (a record of their own), before the record is looked up.
    authorize(actor, 'feedback.create', { userId: requireActor(actor).userId });
    const usage = await this.feedback.usage(dto.usageId);
    const a = authorize(actor, 'feedback.create', { userId: usage?.user_id ?? null }, noSuch('使用记录', 'usage record', dto.usageId));
    if (!usage) fail('NOT_FOUND', noSuch('使用记录', 'usage record', dto.usageId));
    if (usage.status !== 'completed') fail('RULE_VIOLATION', said('只能评价已完成的服务', 'only a completed service can be rated'), { rules: [{ rule: 'completed-only', message: said(`该记录的状态为 ${usage.status}`, `the record is ${usage.status}`) }] });
    const id = randomUUID();
    try {
      await this.feedback.insert({ id, code: `FB-${usage.code}`, usageId: usage.id, rating: dto.rating, comment: dto.comment?.trim() || null, createdBy: a.userId });
    } catch (error) {
      if (pgCode(error) === PG_UNIQUE_VIOLATION) fail('DUPLICATE', said('该服务已经评价过', 'this service has already been rated'), { fields: [{ field: 'usageId', reason: said('已评价', 'already rated') }] });
      throw error;
    }
    return { id, code: `FB-${usage.code}`, usageId: usage.id, rating: dto.rating, comment: dto.comment?.trim() || null };
  }
}

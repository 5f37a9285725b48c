import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BillingSubjects, CreateFeedbackDto } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { FeedbackService } from './feedback.service';

/** Feedback on a completed usage record. */
@Controller()
export class FeedbackHandlers {
  constructor(private readonly feedback: FeedbackService) {}

  @Handles(BillingSubjects.feedbackCreate)
  createFeedback(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateFeedbackDto) {
    return this.feedback.create(actor, data);
  }
}

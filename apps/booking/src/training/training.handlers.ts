import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BookingSubjects, CreateTrainingRequestDto, DeclineTrainingDto, ScheduleTrainingDto, TrainingOutcomeDto, TrainingRequestQuery } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { TrainingService } from './training.service';

@Controller()
export class TrainingHandlers {
  constructor(private readonly training: TrainingService) {}

  @Handles(BookingSubjects.trainingRequestCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateTrainingRequestDto) {
    return this.training.create(actor, data);
  }

  @Handles(BookingSubjects.trainingRequestList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: TrainingRequestQuery) {
    return this.training.list(actor, data);
  }

  @Handles(BookingSubjects.trainingRequestGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.training.get(actor, id);
  }

  @Handles(BookingSubjects.trainingSchedule)
  schedule(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: ScheduleTrainingDto) {
    return this.training.schedule(actor, id, data);
  }

  @Handles(BookingSubjects.trainingOutcome)
  outcome(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: TrainingOutcomeDto) {
    return this.training.outcome(actor, id, data);
  }

  @Handles(BookingSubjects.trainingDecline)
  decline(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: DeclineTrainingDto) {
    return this.training.decline(actor, id, data);
  }

  @Handles(BookingSubjects.trainingCancel)
  cancel(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.training.cancel(actor, id);
  }
}

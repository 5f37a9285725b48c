import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Actor, BookingSubjects, CreateTrainingRequestDto, DeclineTrainingDto, Page, pageOf, ScheduleTrainingDto, TrainingOutcomeDto, TrainingRequestQuery,
  TrainingRequestView,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

/** Issue 18: training before operating an instrument alone; a pass is the qualification. */
@ApiTags('training')
@ApiSignedIn()
@Controller('training-requests')
export class TrainingController {
  constructor(private readonly services: Services) {}

  @Post()
  @ApiOperation({ summary: 'Ask to be trained on an instrument that needs a qualification to run alone' })
  @ApiCreatedResponse({ type: TrainingRequestView })
  @ApiErrors(400, 403, 404, 409, 422)
  create(@CurrentActor() actor: Actor, @Body() data: CreateTrainingRequestDto): Promise<TrainingRequestView> {
    return this.services.booking.request(BookingSubjects.trainingRequestCreate, { actor, data });
  }

  @Get()
  @ApiOperation({ summary: 'Training requests: your own; those on an institution’s instruments and of its people for its staff; all for the bureau and auditors' })
  @ApiOkResponse({ type: pageOf(TrainingRequestView) })
  @ApiErrors(400, 404)
  list(@CurrentActor() actor: Actor, @Query() data: TrainingRequestQuery): Promise<Page<TrainingRequestView>> {
    return this.services.booking.request(BookingSubjects.trainingRequestList, { actor, data });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One training request' })
  @ApiOkResponse({ type: TrainingRequestView })
  @ApiErrors(404)
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<TrainingRequestView> {
    return this.services.booking.request(BookingSubjects.trainingRequestGet, { actor, id });
  }

  @Post(':id/schedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Book the training session (the instrument’s operator): a booking of the trainee, service category training' })
  @ApiOkResponse({ type: TrainingRequestView })
  @ApiErrors(400, 403, 404, 409)
  schedule(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: ScheduleTrainingDto): Promise<TrainingRequestView> {
    return this.services.booking.request(BookingSubjects.trainingSchedule, { actor, id, data });
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the outcome once the session has begun: a pass grants the qualification until validTo' })
  @ApiOkResponse({ type: TrainingRequestView })
  @ApiErrors(400, 403, 404, 409, 422)
  outcome(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: TrainingOutcomeDto): Promise<TrainingRequestView> {
    return this.services.booking.request(BookingSubjects.trainingOutcome, { actor, id, data });
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline a request with a reason (the instrument’s operator)' })
  @ApiOkResponse({ type: TrainingRequestView })
  @ApiErrors(400, 403, 404, 409)
  decline(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() data: DeclineTrainingDto): Promise<TrainingRequestView> {
    return this.services.booking.request(BookingSubjects.trainingDecline, { actor, id, data });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw your own request before a session is booked' })
  @ApiOkResponse({ type: TrainingRequestView })
  @ApiErrors(403, 404, 409)
  cancel(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<TrainingRequestView> {
    return this.services.booking.request(BookingSubjects.trainingCancel, { actor, id });
  }
}

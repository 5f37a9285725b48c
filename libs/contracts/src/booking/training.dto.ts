import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_OR_CODE_PATTERN, TRAINING_STATES, type TrainingState } from '@yixiang/domain';
import { PageQuery } from '../pagination';
import { IsInstant, IsOmittable } from '../validation';
import { ApiInstant, ApiUuid } from '../openapi';
import type { Page } from '../pagination';
import type { ById, ByIdWithData, WithData } from '../messages/envelopes';
import { subject } from '../messages/subject';

export { TRAINING_STATES, type TrainingState };

/** A researcher asks to be trained on an instrument that needs a qualification to run alone. */
export class CreateTrainingRequestDto {
  @ApiProperty({ description: 'instrument id (or its code)' })
  @IsString() @Matches(ID_OR_CODE_PATTERN, { message: 'instrumentId must be a UUID or an instrument code' })
  instrumentId!: string;
  @ApiPropertyOptional({ example: '课题需要独立操作扫描电镜，已阅读操作规程', description: 'what the trainee wants to learn, experience so far' })
  @IsOmittable() @IsString() @Length(1, 1000) note?: string;
}

/** The operator books the session: a booking of the trainee, service category training. */
export class ScheduleTrainingDto {
  @ApiProperty({ example: '2026-12-07T09:00:00+08:00' }) @IsInstant() start!: string;
  @ApiProperty({ example: '2026-12-07T11:00:00+08:00' }) @IsInstant() end!: string;
}

export class TrainingOutcomeDto {
  @ApiProperty({ description: 'true: passed (the qualification is granted until validTo); false: failed' }) @IsBoolean() passed!: boolean;
  @ApiPropertyOptional({ example: '2027-12-07T00:00:00+08:00', description: 'required for a pass: the qualification’s end (exclusive)' })
  @IsOmittable() @IsInstant() validTo?: string;
  @ApiPropertyOptional({ example: '操作规范，已掌握样品台更换' }) @IsOmittable() @IsString() @Length(1, 1000) remark?: string;
}

export class DeclineTrainingDto {
  @ApiProperty({ example: '本月培训名额已满，请下月再申请' }) @IsString() @Length(1, 1000) reason!: string;
}

export class TrainingRequestQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TRAINING_STATES }) @IsOptional() @IsIn(TRAINING_STATES) status?: TrainingState;
  @ApiPropertyOptional({ description: 'instrument id (or its code)' })
  @IsOptional() @IsString() @Matches(ID_OR_CODE_PATTERN, { message: 'instrumentId must be a UUID or an instrument code' })
  instrumentId?: string;
}

export class TrainingRequestView {
  @ApiUuid() id!: string;
  @ApiUuid() instrumentId!: string;
  @ApiProperty({ example: 'EQ-A1' }) instrumentCode!: string;
  @ApiUuid() providerInstitutionId!: string;
  @ApiUuid({ description: 'the trainee' }) userId!: string;
  @ApiUuid() userInstitutionId!: string;
  @ApiProperty({ enum: TRAINING_STATES }) status!: TrainingState;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiUuid({ nullable: true, description: 'the session’s booking (service category training), once scheduled' }) bookingId!: string | null;
  @ApiInstant({ nullable: true }) sessionStart!: string | null;
  @ApiInstant({ nullable: true }) sessionEnd!: string | null;
  @ApiInstant({ nullable: true, description: 'a pass: the qualification holds until then (exclusive)' }) qualificationValidTo!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the operator’s remark on the outcome, or why the request was declined' }) remark!: string | null;
  @ApiUuid({ nullable: true, description: 'who scheduled, decided or recorded the outcome last' }) decidedBy!: string | null;
  @ApiInstant() createdAt!: string;
  @ApiInstant() updatedAt!: string;
}

/** Training requests (issue 18): asked by the trainee, scheduled and decided by the instrument's staff. */
export const TrainingSubjects = {
  trainingRequestCreate: subject<WithData<CreateTrainingRequestDto>, TrainingRequestView>('booking.training.create'),
  trainingRequestList: subject<WithData<TrainingRequestQuery>, Page<TrainingRequestView>>('booking.training.list'),
  trainingRequestGet: subject<ById, TrainingRequestView>('booking.training.get'),
  trainingSchedule: subject<ByIdWithData<ScheduleTrainingDto>, TrainingRequestView>('booking.training.schedule'),
  trainingOutcome: subject<ByIdWithData<TrainingOutcomeDto>, TrainingRequestView>('booking.training.outcome'),
  trainingDecline: subject<ByIdWithData<DeclineTrainingDto>, TrainingRequestView>('booking.training.decline'),
  trainingCancel: subject<ById, TrainingRequestView>('booking.training.cancel'),
} as const;

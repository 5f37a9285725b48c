import { ApiProperty } from '@nestjs/swagger';
import { ApiInstant, ApiInteger, ApiText, ApiUuid } from '../openapi';
import { UserView } from '../catalogue/user.dto';
import { SubsidyRunView } from '../subsidy.dto';
import { ExplainedInstrumentResultView, StoredInstitutionResultView } from '../subsidy/subsidy-results.views';

/**
 * HTTP replies that had no named type: each a class so the OpenAPI document describes it and the
 * web app's client generated from it is typed without casts.
 */

/** A long job accepted (202): follow it with GET /jobs/{jobId}. */
export class JobStartedView {
  @ApiProperty({ example: 'billing-settlement.6f1c0a58-3c2e-4b8e-9a57-0d1e6c1f2a11' }) jobId!: string;
}

/** A subsidy run accepted (202): the run, and the job that computes it. */
export class RunStartedView extends JobStartedView {
  @ApiUuid() runId!: string;
}

/** Something deleted. */
export class DeletedView {
  @ApiProperty({ enum: [true] }) deleted!: true;
}

/** A bearer token and who it belongs to (sign-in, password change). */
export class SignedInView {
  @ApiProperty({ description: 'send as Authorization: Bearer <accessToken>' }) accessToken!: string;
  @ApiInteger({ description: 'seconds the token stays valid' }) expiresIn!: number;
  @ApiProperty({ type: UserView }) user!: UserView;
}

/** A secret calendar feed: the token is the credential. */
export class CalendarTokenView {
  @ApiProperty() token!: string;
  @ApiProperty({ example: '/api/v1/calendar/3q2-abcdefghijklmnop.ics' }) url!: string;
}

/** A rating of a completed service. */
export class FeedbackView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'FB-UR-2025-0001' }) code!: string;
  @ApiUuid() usageId!: string;
  @ApiProperty({ type: "integer", minimum: 1, maximum: 5 }) rating!: number;
  @ApiText({ nullable: true }) comment!: string | null;
}

/** A policy document (policy.md) under its code and version. */
export class PolicyView {
  @ApiUuid() id!: string;
  @ApiProperty({ example: 'PERF-2025' }) code!: string;
  @ApiInteger() version!: number;
  @ApiProperty({ type: Object, additionalProperties: true, description: 'the policy document of policy.md' }) document!: Record<string, unknown>;
  @ApiText({ nullable: true, example: 'CQ', description: 'the region whose bureau owns the policy (the document\'s region); null: platform-wide' }) region!: string | null;
  @ApiInstant() createdAt!: string;
  @ApiProperty({ description: 'a published run used it: it can no longer change' }) usedByPublishedRun!: boolean;
}

/**
 * A run's results. Without ?institution: `items`, every institution's stored result. With it:
 * `result`, `explanation` (sentences by figure, null without a policy) and `instruments` (each
 * with the usage records behind it). The figures are those of subsidy-model.md; fen, minutes and
 * points in them are decimal text (sums may pass 2^53).
 */
export class RunResultsView {
  @ApiProperty({ type: SubsidyRunView }) run!: SubsidyRunView;
  @ApiProperty({ required: false, type: [StoredInstitutionResultView], description: 'without ?institution, in institution-code order' })
  items?: StoredInstitutionResultView[];
  @ApiProperty({ required: false, type: StoredInstitutionResultView, description: 'with ?institution' }) result?: StoredInstitutionResultView;
  @ApiProperty({ required: false, type: Object, nullable: true, additionalProperties: { type: 'string' }, description: 'with ?institution: a sentence by figure; null when the policy no longer parses' })
  explanation?: Record<string, string> | null;
  @ApiProperty({ required: false, type: [ExplainedInstrumentResultView], description: 'with ?institution, in instrument-code order' })
  instruments?: ExplainedInstrumentResultView[];
}

/** One institution in two runs. */
export class RunComparisonItemView {
  @ApiProperty() institutionCode!: string;
  @ApiInteger({ description: 'fen' }) baseFen!: number;
  @ApiInteger({ description: 'fen' }) runFen!: number;
  @ApiInteger({ description: 'fen' }) deltaFen!: number;
  @ApiText({ nullable: true }) baseGrade!: string | null;
  @ApiText({ nullable: true }) runGrade!: string | null;
}

export class RunComparisonView {
  @ApiProperty({ type: SubsidyRunView }) run!: SubsidyRunView;
  @ApiProperty({ type: SubsidyRunView }) base!: SubsidyRunView;
  @ApiProperty({ type: [RunComparisonItemView] }) items!: RunComparisonItemView[];
  @ApiInteger() gainers!: number;
  @ApiInteger() losers!: number;
}

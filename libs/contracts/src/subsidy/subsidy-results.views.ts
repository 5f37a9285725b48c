import { ApiProperty } from '@nestjs/swagger';
import { GRADES, type Grade, type StoredInstrumentResult } from '@yixiang/domain';
import { ApiInstant, ApiInteger, ApiText, ApiUuid, type ReplyPropertyOptions } from '../openapi';

/**
 * A run's results as the subsidy service stores and answers them (libs/domain evaluation.ts
 * `InstitutionResult`/`InstrumentResult`, written as JSON by the runs repository). One definition
 * for both ends: the service's reply types (subsidy.replies.ts) and the OpenAPI document the web
 * client is generated from. Bigints are stored as decimal text (JSON has no bigint; sums may pass 2^53).
 */

/** A bigint of the evaluation as decimal text; the description says its unit. */
const ApiDecimal = (description: string, options: ReplyPropertyOptions = {}): PropertyDecorator =>
  ApiProperty({ type: 'string', pattern: '^-?\\d+$', description, ...options });

const ApiGrade = (description: string): PropertyDecorator => ApiProperty({ enum: GRADES, description });

const HUNDREDTHS = 'points in hundredths, as decimal text (9833 = 98.33 points)';

/** The seven indicators of policy.md, each rounded to hundredths of a point. */
export class StoredIndicatorsView {
  @ApiDecimal(HUNDREDTHS) openRate!: string;
  @ApiDecimal(HUNDREDTHS) onlineRate!: string;
  @ApiDecimal(HUNDREDTHS) utilisation!: string;
  @ApiDecimal(HUNDREDTHS) activeShare!: string;
  @ApiDecimal(HUNDREDTHS) externalShare!: string;
  @ApiDecimal(HUNDREDTHS) satisfaction!: string;
  @ApiDecimal(HUNDREDTHS) externalReach!: string;
}

/** The counts behind the organisation and operation indicators. */
export class StoredResultCountsView {
  @ApiInteger({ description: 'eligible instruments open to outside users' }) open!: number;
  @ApiInteger({ description: 'open instruments online and priced on 31 December' }) online!: number;
  @ApiInteger({ description: 'instruments with at least half their benchmark hours' }) active!: number;
  @ApiInteger({ description: 'sum of the counted ratings (1–5 each)' }) ratingSum!: number;
}

/** Minutes of one source (terminal, check-out, import, manual; unknown: from a billing that did not say). */
export class SourceMinutesView {
  @ApiProperty({ example: 'terminal', description: 'terminal, check-out, import, manual, or unknown' }) source!: string;
  @ApiDecimal('minutes as recorded, before manualHoursFactorPct') minutes!: string;
}

/** An institution's stored result: every figure of the evaluation but its instruments (stored apart). */
export class StoredInstitutionResultView {
  @ApiProperty({ example: 'A-UNIV' }) institutionCode!: string;
  @ApiInteger() eligibleInstruments!: number;
  @ApiDecimal('minutes of completed usage starting in the year, as counted (non-terminal ones at manualHoursFactorPct, floored per instrument)') effectiveMinutes!: string;
  @ApiDecimal('minutes of that usage by users of other institutions') externalMinutes!: string;
  @ApiProperty({ type: [SourceMinutesView], required: false, description: 'its eligible instruments\' minutes by source, as recorded; absent from results computed before issue 20' })
  minutesBySource?: SourceMinutesView[];
  @ApiProperty({ type: StoredIndicatorsView }) indicators!: StoredIndicatorsView;
  @ApiDecimal(`sum of the indicators: ${HUNDREDTHS}`) total!: string;
  @ApiGrade('after the excellent quota') grade!: Grade;
  @ApiGrade('by the score bands alone') gradeBeforeQuota!: Grade;
  @ApiInteger({ description: '1-based, by total' }) rank!: number;
  @ApiInteger({ description: 'counted ratings of external records' }) ratings!: number;
  @ApiInteger() externalInstitutions!: number;
  @ApiDecimal('fen (1/100 yuan): billed amounts the subsidy is computed on') incomeBaseFen!: string;
  @ApiDecimal('fen (1/100 yuan)') subsidyBeforeBudgetFen!: string;
  @ApiDecimal('fen (1/100 yuan), after the budget') subsidyFen!: string;
  @ApiText({ nullable: true, description: 'why the subsidy is 0 although its instruments earned something' }) ineligibleReason!: string | null;
  @ApiProperty({ type: StoredResultCountsView }) counts!: StoredResultCountsView;
  @ApiProperty({ type: [String], description: 'its line of evaluation.csv' }) row!: string[];
}

/** An instrument's stored result (`implements`: the document cannot drift from what the domain stores). */
export class StoredInstrumentResultView implements StoredInstrumentResult {
  @ApiProperty() instrumentCode!: string;
  @ApiProperty() institutionCode!: string;
  @ApiDecimal('minutes of completed usage starting in the year, as counted (non-terminal ones at manualHoursFactorPct, floored per instrument)') effectiveMinutes!: string;
  @ApiDecimal('minutes of that usage by users of other institutions') externalMinutes!: string;
  @ApiProperty({ type: 'number', description: "hours: the policy's benchmark for the instrument's kind" }) benchmarkHours!: number;
  @ApiDecimal('fen (1/100 yuan)') incomeBaseFen!: string;
  @ApiDecimal('fen (1/100 yuan), before the per-instrument cap') rawFen!: string;
  @ApiDecimal('fen (1/100 yuan), after the per-instrument cap') cappedFen!: string;
}

/**
 * One counted usage record behind an instrument's figures. Billing's service holds the instants
 * as Dates; they travel (NATS, HTTP) as ISO text, which is what the document describes.
 */
export class UsageRecordDetailView {
  @ApiProperty() code!: string;
  @ApiUuid() userInstitutionId!: string;
  @ApiProperty() serviceCategory!: string;
  @ApiInstant() start!: string | Date;
  @ApiInstant() end!: string | Date;
  @ApiDecimal('fen (1/100 yuan), billed', { nullable: true }) amountFen!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, nullable: true }) rating!: number | null;
}

/** An instrument's stored result with the usage records behind its hours. */
export class ExplainedInstrumentResultView extends StoredInstrumentResultView {
  @ApiProperty({ type: [UsageRecordDetailView] }) records!: UsageRecordDetailView[];
}

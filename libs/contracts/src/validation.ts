import { ValidateBy, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';
import {
  calendarDateProblem, dateOrInstantProblem, instantMs, instantProblem, MAX_YEAR, MIN_YEAR, periodProblem, usageSpanProblem,
} from '@yixiang/domain';

/**
 * The DTO side of libs/domain's input rules: every field that takes a date, an instant or a
 * month uses one of these (money fields use Max(MAX_FEN)), so the API, the services (which validate the same DTOs) and the
 * import cells refuse the same values with the same reasons. Plain synchronous constraints: the
 * PlannedValidationPipe runs them as they are.
 */
function rule(name: string, problem: (value: unknown) => string | null, what: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => problem(value) === null,
      defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'value'} must be ${what} (${problem(args?.value) ?? 'invalid'})`,
    },
  }, options);
}

/**
 * May be left out, but not sent as null: for fields that are optional yet never empty (a
 * boolean, a list, an enum with a default). IsOptional lets null through too, which then reached
 * a NOT NULL column (SQLSTATE 23502, a 500) or was stored as "no value" where the API has none.
 */
export const IsOmittable = (options?: ValidationOptions): PropertyDecorator => ValidateIf((_object, value) => value !== undefined, options);

/** `YYYY-MM-DD`, a real day of MIN_YEAR–MAX_YEAR. */
export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator =>
  rule('isCalendarDate', calendarDateProblem, `a real calendar day YYYY-MM-DD in ${MIN_YEAR}–${MAX_YEAR}`, options);

/** An ISO 8601 instant with an explicit offset (Z or ±HH:MM, at most ±14:00) on a real day. */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  rule('isInstant', instantProblem, 'an ISO 8601 instant with offset, e.g. 2026-12-01T09:00:00+08:00', options);

/** A date (00:00 Asia/Shanghai) or an instant: validity bounds. */
export const IsDateOrInstant = (options?: ValidationOptions): PropertyDecorator =>
  rule('isDateOrInstant', dateOrInstantProblem, 'YYYY-MM-DD (00:00 Asia/Shanghai) or an ISO 8601 instant with offset', options);

/** `YYYY-MM`, an Asia/Shanghai month of MIN_YEAR–MAX_YEAR. */
export const IsPeriod = (options?: ValidationOptions): PropertyDecorator =>
  rule('isPeriod', periodProblem, `a month YYYY-MM in ${MIN_YEAR}–${MAX_YEAR}`, options);

/** On `end`: at most MAX_USAGE_MINUTES after the instant in `startField` (when both are instants; IsInstant reports the rest). */
export function IsWithinUsageSpan(startField: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isWithinUsageSpan',
    constraints: [startField],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const start = (args?.object as Record<string, unknown> | undefined)?.[startField];
        if (typeof value !== 'string' || typeof start !== 'string') return true;
        return usageSpanProblem(instantMs(start), instantMs(value)) === null;
      },
      defaultMessage: (args?: ValidationArguments) => `${args?.property ?? 'end'} must be at most 31 days after ${startField}`,
    },
  }, options);
}

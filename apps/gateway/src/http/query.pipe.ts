import { Injectable, PipeTransform } from '@nestjs/common';
import { EXCEL_FLAG_VALUES, excelFlag, fieldLabel, periodProblem, type Said, said, UUID_PATTERN } from '@yixiang/domain';
import { ApiError } from './api-error';

const invalid = (field: string, reason: Said): ApiError =>
  new ApiError('VALIDATION_FAILED', said(`输入有误：${reason.zh}`, `invalid ${field}: ${reason.en}`), { fields: [{ field, reason }] });

/**
 * Single query parameters that a handler reads by name (`@Query('period')`) pass no DTO: these
 * give them the DTOs' rules, so `period=2025-13` or `runId=x` is a 400 naming the parameter,
 * not a value the service has to survive.
 */
@Injectable()
export class OptionalPeriodPipe implements PipeTransform<unknown, string | undefined> {
  constructor(private readonly field = 'period') {}

  transform(value: unknown): string | undefined {
    if (value === undefined) return undefined;
    const problem = periodProblem(value);
    if (problem) throw invalid(this.field, said(`${fieldLabel(this.field).zh}必须是 1900–2200 年间的月份（YYYY-MM）`, `${this.field} must be a month YYYY-MM in 1900–2200 (${problem})`));
    return value as string;
  }
}

@Injectable()
export class OptionalUuidQueryPipe implements PipeTransform<unknown, string | undefined> {
  constructor(private readonly field: string) {}

  transform(value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !UUID_PATTERN.test(value)) throw invalid(this.field, said(`${fieldLabel(this.field).zh}必须是有效的编号（UUID）`, `${this.field} must be a UUID`));
    return value.toLowerCase();
  }
}

/**
 * `excel=1` on a CSV export (issue 21): 1/true/0/false, anything else a 400 naming the parameter. The
 * handler's parameter is typed `boolean | undefined` so that the global pipe, which turns a `boolean`
 * parameter's '1' into false, leaves the text to this one.
 */
@Injectable()
export class OptionalExcelFlagPipe implements PipeTransform<unknown, boolean> {
  transform(value: unknown): boolean {
    if (value === undefined) return false;
    if (typeof value !== 'string' || !(EXCEL_FLAG_VALUES as readonly string[]).includes(value)) {
      throw invalid('excel', said('excel 只能是 1 或 0', 'excel must be 1 or 0'));
    }
    return excelFlag(value);
  }
}

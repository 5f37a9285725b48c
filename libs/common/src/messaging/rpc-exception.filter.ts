import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import { isErrorBody, SaidErrorBody } from '@yixiang/contracts';
import { fieldLabel, said } from '@yixiang/domain';
import {
  isPgInputError, PG_CHECK_VIOLATION, PG_EXCLUSION_VIOLATION, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgCode, pgColumn, pgConstraint,
} from '../errors/pg-errors';
import { classifyOutage, outageBody } from '../errors/outage';

/**
 * Last line of defence in a service: a known error travels as its body; a constraint the
 * database enforced becomes a 409 naming the constraint; a value the database could not take
 * (isPgInputError) is the caller's 400, logged but answered without the SQL or the value; a store
 * that is unreachable (classifyOutage: the database stopped, Redis gone) is a 503 the client may
 * retry after a while, not INTERNAL; anything else is logged with its stack here and leaves as
 * INTERNAL without one.
 */
@Catch()
export class ServiceExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('ServiceExceptionFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toBody(exception));
  }

  private toBody(exception: unknown): SaidErrorBody {
    if (exception instanceof RpcException) {
      const error = exception.getError();
      if (isErrorBody(error)) return error;
      return { code: 'INTERNAL', message: typeof error === 'string' ? said(`服务器内部错误（${error}）`, error) : INTERNAL_ERROR };
    }
    const code = pgCode(exception);
    const constraint = pgConstraint(exception);
    if (code === PG_UNIQUE_VIOLATION) return { code: 'DUPLICATE', message: said(`记录已存在（${constraint ?? '唯一键'}）`, `already exists (${constraint ?? 'unique key'})`), details: { constraint } };
    if (code === PG_EXCLUSION_VIOLATION) return { code: 'CONFLICT', message: said(`与现有记录冲突（${constraint ?? 'exclusion'}）`, `conflicts with an existing record (${constraint ?? 'exclusion'})`), details: { constraint } };
    if (code === PG_FOREIGN_KEY_VIOLATION) return { code: 'CONFLICT', message: said(`引用的记录不存在或仍在使用中（${constraint ?? '外键'}）`, `refers to something that does not exist or is still in use (${constraint ?? 'foreign key'})`), details: { constraint } };
    if (code === PG_CHECK_VIOLATION) return { code: 'VALIDATION_FAILED', message: said(`违反数据规则 ${constraint ?? ''}`.trim(), `violates rule ${constraint ?? ''}`.trim()), details: { constraint } };
    if (isPgInputError(code)) {
      // Reaching here means a DTO let the value through: worth a warning, not a 500 for the caller.
      this.logger.warn(`input refused by the database (SQLSTATE ${code}): ${exception instanceof Error ? exception.message : String(exception)}`);
      const field = pgColumn(exception) ?? 'body';
      const name = fieldLabel(field);
      const reason = code === '23502' ? said(`${name.zh}不能为空`, `${field} must not be null`) : said(`${name.zh}的值超出了可保存的范围`, `${field} must be a value the record can hold`);
      return { code: 'VALIDATION_FAILED', message: said(`输入有误：${reason.zh}`, `invalid ${field}: ${reason.en}`), details: { fields: [{ field, reason }] } };
    }
    const outage = classifyOutage(exception);
    if (outage) {
      // One line, no stack: during an outage every request ends here, and the cause is known.
      this.logger.warn(`${outage} unreachable: ${exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception)}`);
      return outageBody(outage);
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return { code: 'INTERNAL', message: INTERNAL_ERROR };
  }
}

const INTERNAL_ERROR = said('服务器内部错误，请稍后重试', 'internal error');

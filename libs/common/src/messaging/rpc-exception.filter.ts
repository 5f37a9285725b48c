import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';
import { ErrorBody, isErrorBody } from '@yixiang/contracts';
import { PG_CHECK_VIOLATION, PG_EXCLUSION_VIOLATION, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION, pgCode, pgConstraint } from '../errors/pg-errors';

/**
 * Last line of defence in a service: a known error travels as its body; a constraint the
 * database enforced becomes a 409 naming the constraint; anything else is logged with its stack
 * here and leaves as INTERNAL without one.
 */
@Catch()
export class ServiceExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('ServiceExceptionFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toBody(exception));
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof RpcException) {
      const error = exception.getError();
      if (isErrorBody(error)) return error;
      return { code: 'INTERNAL', message: typeof error === 'string' ? error : 'internal error' };
    }
    const code = pgCode(exception);
    const constraint = pgConstraint(exception);
    if (code === PG_UNIQUE_VIOLATION) return { code: 'DUPLICATE', message: `already exists (${constraint ?? 'unique key'})`, details: { constraint } };
    if (code === PG_EXCLUSION_VIOLATION) return { code: 'CONFLICT', message: `conflicts with an existing record (${constraint ?? 'exclusion'})`, details: { constraint } };
    if (code === PG_FOREIGN_KEY_VIOLATION) return { code: 'CONFLICT', message: `refers to something that does not exist or is still in use (${constraint ?? 'foreign key'})`, details: { constraint } };
    if (code === PG_CHECK_VIOLATION) return { code: 'VALIDATION_FAILED', message: `violates rule ${constraint ?? ''}`.trim(), details: { constraint } };
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return { code: 'INTERNAL', message: 'internal error' };
  }
}

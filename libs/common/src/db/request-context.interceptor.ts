import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { Observable } from 'rxjs';

/**
 * Gives every message handler its own forked EntityManager, as HTTP requests get one from the
 * MikroORM middleware: identity maps never leak between concurrent messages.
 */
@Injectable()
export class OrmRequestContextInterceptor implements NestInterceptor {
  constructor(private readonly orm: MikroORM) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return new Observable((subscriber) =>
      RequestContext.create(this.orm.em, () => next.handle().subscribe(subscriber)),
    );
  }
}

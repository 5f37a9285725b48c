import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Observable, tap } from 'rxjs';
import { CORRELATION_HEADER, correlationStorage, sanitizeCorrelationId } from '../logging/correlation';
import { randomUUID } from 'node:crypto';

/** Runs every message handler inside the correlation id that came in the NATS headers. */
@Injectable()
export class NatsCorrelationInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Messages');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    let incoming: string | undefined;
    let subject = 'unknown';
    if (context.getType() === 'rpc') {
      const ctx = context.switchToRpc().getContext<NatsContext>();
      incoming = sanitizeCorrelationId(ctx?.getHeaders?.()?.get(CORRELATION_HEADER));
      subject = ctx?.getSubject?.() ?? subject;
    }
    const store = { correlationId: incoming ?? randomUUID() };
    const started = Date.now();
    // One line per message handled, tagged with the correlation id (the logger's mixin adds it).
    const done = (outcome: string) => this.logger.log({ subject, ms: Date.now() - started, outcome }, 'message handled');
    return new Observable((subscriber) =>
      correlationStorage.run(store, () =>
        next.handle().pipe(tap({
          next: () => done('ok'),
          error: (e: unknown) => done((e as { error?: { code?: string } })?.error?.code ?? (e as { code?: string })?.code ?? 'error'),
        })).subscribe(subscriber),
      ),
    );
  }
}

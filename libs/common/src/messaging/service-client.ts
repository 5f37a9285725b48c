import { Logger } from '@nestjs/common';
import { ClientProxy, NatsRecordBuilder, RpcException } from '@nestjs/microservices';
import { headers as natsHeaders } from 'nats';
import { firstValueFrom, timeout } from 'rxjs';
import { ErrorBody, isErrorBody } from '@yixiang/contracts';
import { CORRELATION_HEADER, currentCorrelationId } from '../logging/correlation';

export class ServiceCallError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

/**
 * Request/reply over core NATS with a timeout, the correlation id in the headers, and every
 * failure turned into the shared error body (a missing service is 503, not a hang).
 */
export class ServiceClient {
  private readonly logger = new Logger(ServiceClient.name);

  constructor(
    private readonly client: ClientProxy,
    private readonly service: string,
    private readonly timeoutMs: number,
  ) {}

  async request<R, P = unknown>(subject: string, payload: P, timeoutMs = this.timeoutMs): Promise<R> {
    const headers = natsHeaders();
    const correlationId = currentCorrelationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
    try {
      return await firstValueFrom(this.client.send<R>(subject, record).pipe(timeout(timeoutMs)));
    } catch (error) {
      throw new ServiceCallError(this.toBody(subject, error));
    }
  }

  private toBody(subject: string, error: unknown): ErrorBody {
    if (isErrorBody(error)) return error;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
    if (/timeout|no responders|no subscribers|503|CONNECTION_REFUSED|disconnect/i.test(text)) {
      this.logger.warn(`${subject}: ${text}`);
      return { code: 'SERVICE_UNAVAILABLE', message: `the ${this.service} service did not answer; try again shortly`, details: { service: this.service } };
    }
    this.logger.error(`${subject}: ${text}`);
    return { code: 'INTERNAL', message: 'internal error' };
  }
}

/**
 * A request from one service to another whose error becomes the caller's own: the other service's
 * 404 or 422 reaches the client unchanged, and its absence is a 503, not an internal error.
 */
export async function relay<R>(client: ServiceClient, subject: string, payload: unknown): Promise<R> {
  try {
    return await client.request<R>(subject, payload);
  } catch (error) {
    if (error instanceof ServiceCallError) throw new RpcException(error.body);
    throw error;
  }
}

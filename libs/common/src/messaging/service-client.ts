import { Logger } from '@nestjs/common';
import { ClientProxy, RpcException } from '@nestjs/microservices';
import { headers as natsHeaders, NatsConnection } from 'nats';
import { ErrorBody, isErrorBody } from '@yixiang/contracts';
import { CORRELATION_HEADER, currentCorrelationId } from '../logging/correlation';

export class ServiceCallError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

/** What a Nest NATS microservice answers: its handler's value, or the error it threw. */
interface ReplyPacket<R> {
  response?: R;
  err?: unknown;
}

let packetIds = 0;

/**
 * Request/reply over core NATS with a timeout, the correlation id in the headers, and every
 * failure turned into the shared error body (a missing service is 503, not a hang).
 *
 * Requests go out through the NATS connection's own request(), in the packet shape the services'
 * Nest NATS servers read ({ pattern, data, id }), rather than through ClientProxy.send: that
 * opens and closes a subscription to a fresh inbox for every request and wraps each one in
 * observables, which made a third of the gateway's CPU per booking; request() shares one inbox.
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
    let packet: ReplyPacket<R>;
    try {
      // connect() hands back the one connection (opening it on first use, or failing while it is down).
      const nats = (await this.client.connect()) as NatsConnection;
      const body = Buffer.from(JSON.stringify({ pattern: subject, data: payload, id: String(++packetIds) }));
      const reply = await nats.request(subject, body, { timeout: timeoutMs, headers });
      if (reply.data.length === 0) throw new Error(`empty reply to ${subject}`);
      packet = reply.json<ReplyPacket<R>>();
    } catch (error) {
      throw new ServiceCallError(this.toBody(subject, error));
    }
    if (packet.err !== undefined && packet.err !== null) throw new ServiceCallError(this.toBody(subject, packet.err));
    return packet.response as R;
  }

  private toBody(subject: string, error: unknown): ErrorBody {
    if (isErrorBody(error)) return error;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
    if (/timeout|no responders|no subscribers|503|CONNECTION_REFUSED|disconnect|connection lost|closed/i.test(text)) {
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

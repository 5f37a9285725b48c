import { Logger } from '@nestjs/common';
import { ClientProxy, RpcException } from '@nestjs/microservices';
import { headers as natsHeaders, NatsConnection } from 'nats';
import { AnySubject, isErrorBody, PayloadOf, ReplyOf, SaidErrorBody } from '@yixiang/contracts';
import { inLanguage, said } from '@yixiang/domain';
import { CORRELATION_HEADER, currentCorrelationId, currentWorkIsIdempotent } from '../logging/correlation';
import { CallFailure, classifyCallFailure, worthOneRetry } from './call-failure';
import { coalesceWrites, natsConnected, REPLY_PACKET_HEAD, replyInbox, replyPacketTail } from './transport';

export class ServiceCallError extends Error {
  constructor(readonly body: SaidErrorBody) {
    super(inLanguage(body.message, 'en'));
  }
}

/** What a Nest NATS microservice answers: its handler's value, or the error it threw. */
interface ReplyPacket<R> {
  response?: R;
  err?: unknown;
}

let packetIds = 0;

export interface RequestOptions {
  /**
   * Whether the request may be sent twice without changing the outcome (a read, a write carrying
   * an idempotency key). Unset: what the work in progress says (the gateway marks reads).
   * Idempotent requests are sent once more when the first found no responders or timed out.
   */
  idempotent?: boolean;
}

/** Before repeating a request that found no responders: a replica that is starting gets a moment. */
const NO_RESPONDERS_PAUSE_MS = 100;

/** A request that got no answer, and why (the retry decision needs the kind, the caller the body). */
class NoAnswer extends Error {
  constructor(readonly failure: CallFailure, readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/**
 * Request/reply over core NATS with a timeout, the correlation id in the headers, and every
 * failure turned into the shared error body (a missing service is 503, not a hang).
 *
 * Requests go out through the connection's one reply inbox (see ReplyInbox), in the packet shape
 * the services' Nest NATS servers read ({ pattern, data, id }), rather than through
 * ClientProxy.send: that opens and closes a subscription to a fresh inbox for every request and
 * wraps each one in observables, which made a third of the gateway's CPU per booking.
 */
export class ServiceClient {
  private readonly logger = new Logger(ServiceClient.name);

  constructor(
    private readonly client: ClientProxy,
    private readonly service: string,
    private readonly timeoutMs: number,
  ) {}

  /** The reply is the subject's (subjects.ts): no call site states it, so none can get it wrong. */
  async request<S extends AnySubject>(subject: S, payload: PayloadOf<S>, timeoutMs = this.timeoutMs, options: RequestOptions = {}): Promise<ReplyOf<S>> {
    const { data } = await this.exchange(subject, payload, timeoutMs, options);
    return this.unpack<ReplyOf<S>>(subject, data);
  }

  /**
   * The same request, answered with the bytes of the service's answer as JSON, as they came over
   * NATS: for the gateway to pass large answers (pages of search results) on to the client without
   * decoding, parsing and serialising them again, which was a third of its CPU per search. A Nest
   * NATS server sends `{"response":…,"isDisposed":true,"id":"<id>"}`; anything else (an error) is
   * unpacked as usual.
   */
  async requestJson<S extends AnySubject>(subject: S, payload: PayloadOf<S>, timeoutMs = this.timeoutMs, options: RequestOptions = {}): Promise<Buffer> {
    const { data, id } = await this.exchange(subject, payload, timeoutMs, options);
    const head = REPLY_PACKET_HEAD;
    const tail = replyPacketTail(id, true);
    const end = data.length - tail.length;
    if (end > head.length && data.subarray(0, head.length).equals(head) && data.subarray(end).equals(tail)) {
      return data.subarray(head.length, end);
    }
    return Buffer.from(JSON.stringify(this.unpack(subject, data)));
  }

  /**
   * One request, and for an idempotent one a second when the first found no responders or timed
   * out: the queue group gives the repeat to another replica, so a replica that stopped (or died)
   * with the request in hand costs a retry, not an error. A write without a key is never repeated:
   * the first may have been carried out.
   */
  private async exchange(subject: string, payload: unknown, timeoutMs: number, options: RequestOptions): Promise<{ data: Buffer; id: string }> {
    try {
      return await this.exchangeOnce(subject, payload, timeoutMs);
    } catch (error) {
      const idempotent = options.idempotent ?? currentWorkIsIdempotent();
      if (error instanceof NoAnswer && idempotent && worthOneRetry(error.failure)) {
        this.logger.warn(`${subject}: ${error.failure}; sending it once more`);
        if (error.failure === 'no-responders') await new Promise((resolve) => setTimeout(resolve, NO_RESPONDERS_PAUSE_MS));
        try {
          return await this.exchangeOnce(subject, payload, timeoutMs);
        } catch (again) {
          throw new ServiceCallError(this.toBody(subject, again instanceof NoAnswer ? again.original : again));
        }
      }
      throw new ServiceCallError(this.toBody(subject, error instanceof NoAnswer ? error.original : error));
    }
  }

  private async exchangeOnce(subject: string, payload: unknown, timeoutMs: number): Promise<{ data: Buffer; id: string }> {
    const headers = natsHeaders();
    const correlationId = currentCorrelationId();
    if (correlationId) headers.set(CORRELATION_HEADER, correlationId);
    const id = String(++packetIds);
    let nats: NatsConnection | undefined;
    try {
      // connect() hands back the one connection (opening it on first use, or failing while it is down).
      nats = (await this.client.connect()) as NatsConnection;
      // Requests of one event-loop turn leave in one socket write (a no-op after the first time).
      coalesceWrites(nats);
      const body = Buffer.from(JSON.stringify({ pattern: subject, data: payload, id }));
      // nats.js would throw MAX_PAYLOAD_EXCEEDED; said here with the sizes, for whoever built the request.
      const max = nats.info?.max_payload;
      if (max && body.length > max) {
        this.logger.error(`${subject}: request of ${body.length} bytes is larger than NATS carries (${max})`);
        throw { code: 'INTERNAL', message: said(`发给${serviceName(this.service)}的请求超过了消息大小上限`, `the request to the ${this.service} service is larger than a message may be`), details: { reason: 'REQUEST_TOO_LARGE', bytes: body.length, maxPayload: max } } satisfies SaidErrorBody;
      }
      const reply = await replyInbox(nats).request(subject, body, headers, timeoutMs);
      if (reply.data.length === 0) throw new Error(`empty reply to ${subject}`);
      return { data: Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength), id };
    } catch (error) {
      if (isErrorBody(error)) throw error;
      // A timeout while the connection to NATS is down is no replica's fault: a repeat would only wait as long again.
      const connected = natsConnected(nats);
      const failure = classifyCallFailure(error);
      throw new NoAnswer(failure === 'timeout' && !connected ? 'disconnected' : failure, error);
    }
  }

  private unpack<R>(subject: string, data: Buffer): R {
    const packet = JSON.parse(data.toString('utf8')) as ReplyPacket<R>;
    if (packet.err !== undefined && packet.err !== null) throw new ServiceCallError(this.toBody(subject, packet.err));
    return packet.response as R;
  }

  private toBody(subject: string, error: unknown): SaidErrorBody {
    if (isErrorBody(error)) return error;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : JSON.stringify(error);
    if (/timeout|no responders|no subscribers|503|CONNECTION_REFUSED|disconnect|connection lost|closed/i.test(text)) {
      this.logger.warn(`${subject}: ${text}`);
      return { code: 'SERVICE_UNAVAILABLE', message: said(`${serviceName(this.service)}暂时没有应答，请稍后重试`, `the ${this.service} service did not answer; try again shortly`), details: { service: this.service, retryAfterSeconds: 2 } };
    }
    this.logger.error(`${subject}: ${text}`);
    return { code: 'INTERNAL', message: said('服务器内部错误，请稍后重试', 'internal error') };
  }
}

/**
 * A request from one service to another whose error becomes the caller's own: the other service's
 * 404 or 422 reaches the client unchanged, and its absence is a 503, not an internal error.
 */
export async function relay<S extends AnySubject>(client: ServiceClient, subject: S, payload: PayloadOf<S>): Promise<ReplyOf<S>> {
  try {
    return await client.request(subject, payload);
  } catch (error) {
    if (error instanceof ServiceCallError) throw new RpcException(error.body);
    throw error;
  }
}

/** A service as its users would name it (in "目录服务暂时没有应答"). */
const SERVICE_NAMES: Record<string, string> = { catalogue: '目录服务', booking: '预约服务', billing: '计费服务', subsidy: '补贴服务', notification: '通知服务', gateway: '网关' };

export function serviceName(service: string): string {
  return SERVICE_NAMES[service] ?? `${service} 服务`;
}

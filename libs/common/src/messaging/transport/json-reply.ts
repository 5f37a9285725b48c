/**
 * The packet a Nest NATS server answers with, `{"response":…,"isDisposed":true,"id":"<id>"}`,
 * around the handler's value: written by ServiceServer for a JsonReply, and looked for by
 * ServiceClient.requestJson to pass the value on without parsing it.
 */
export const REPLY_PACKET_HEAD = Buffer.from('{"response":');

export function replyPacketTail(id: string | null, isDisposed: boolean): Buffer {
  return Buffer.from(`${isDisposed ? ',"isDisposed":true' : ''},"id":${JSON.stringify(id)}}`);
}

/**
 * A handler's answer already serialised as JSON (UTF-8), sent as it is. A service that keeps an
 * answer to send again and again (the catalogue's cached search pages) keeps it in this form, so
 * that serialising a page of results, which was the largest part of a cached search's CPU in the
 * catalogue, is done once per page rather than once per request.
 */
export class JsonReply {
  private constructor(readonly json: Buffer) {}

  static of(value: unknown): JsonReply {
    return new JsonReply(Buffer.from(JSON.stringify(value), 'utf8'));
  }

  /** JSON text the caller has already put together (it must be valid JSON). */
  static fromJson(json: string): JsonReply {
    return new JsonReply(Buffer.from(json, 'utf8'));
  }

  /** The value again, for a caller in the same process. */
  value<T>(): T {
    return JSON.parse(this.json.toString('utf8')) as T;
  }
}

/**
 * The transport adapter: the only place that reaches into nats.js and @nestjs/microservices
 * internals. Import these from here (or @yixiang/common), never from the files themselves.
 *
 * What is patched or read, and why (measured figures in each file):
 * - coalesced-writes: replaces nats.js's `protocol.flushPending` so one event-loop turn's publishes
 *   leave in one socket write (bench/booking: nats-server CPU per booking 0.14 → ~0.05 ms).
 * - connection-state: reads nats.js's `protocol.connected`, so a timeout while disconnected is not
 *   blamed on a replica.
 * - reply-inbox: one shared reply subscription per connection instead of one per request.
 * - json-reply: writes Nest's reply packet (`{"response":…,"id":…,"isDisposed":…}`) as bytes
 *   around an already-serialised body, and reads it back the same way, skipping a JSON round trip.
 *
 * What breaks if the libraries change: a nats.js without `protocol.flushPending` leaves writes
 * uncoalesced (slower, still correct; test/service-client.e2e-spec.ts fails); one that renames
 * `protocol.connected` loses the "disconnected" distinction; a Nest that changes its packet shape
 * breaks every reply. So the versions they were checked against are pinned in checked-versions.js
 * and compared with the installed ones by transport-versions.spec.ts and by
 * scripts/check-transport-versions.js, which `npm run build` and `npm run typecheck` run first.
 */
export { coalesceWrites, writesCoalesced } from './coalesced-writes';
export { natsConnected } from './connection-state';
export { JsonReply, REPLY_PACKET_HEAD, replyPacketTail } from './json-reply';
export { ReplyInbox, replyInbox } from './reply-inbox';

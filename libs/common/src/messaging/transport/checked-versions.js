// The exact versions of the libraries whose internals the platform relies on, checked by hand
// against what each piece reads or patches (listed in libs/common/src/messaging/transport/index.ts
// and libs/common/src/validation/planned-validation-pipe.ts). Plain CommonJS so that
// scripts/check-transport-versions.js (run by `npm run build` and `npm run typecheck`) and the
// spec read the same list. Change a version here only after re-checking what it names.
/* global module */
'use strict';
module.exports = {
  nats: { version: '2.29.3', recheck: 'transport/coalesced-writes.ts (protocol.flushPending), transport/connection-state.ts (protocol.connected), transport/reply-inbox.ts (one subscription for every reply)' },
  '@nestjs/microservices': { version: '11.2.6', recheck: 'transport/json-reply.ts (the bytes of Nest\'s reply packet {"response":…,"id":…,"isDisposed":…}), service-server.ts' },
  'class-transformer': { version: '0.5.1', recheck: 'validation/planned-validation-pipe.ts (reads class-transformer/cjs/storage, the private metadata storage)' },
  'class-validator': { version: '0.15.1', recheck: 'validation/planned-validation-pipe.ts (runs the constraints of getMetadataStorage() itself, as ValidationExecutor does)' },
};

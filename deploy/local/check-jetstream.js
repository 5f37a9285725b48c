// Exits 0 when the NATS server at the given URL has JetStream enabled (used by ensure-services.sh).
'use strict';
const { connect } = require('nats');

(async () => {
  const nc = await connect({ servers: (process.argv[2] || 'nats://127.0.0.1:4222').split(','), timeout: 3000 });
  try {
    const jsm = await nc.jetstreamManager({ timeout: 3000 });
    await jsm.getAccountInfo();
    process.exit(0);
  } catch (error) {
    console.error(`JetStream is not available: ${error.message}`);
    process.exit(1);
  } finally {
    await nc.close().catch(() => undefined);
  }
})().catch((error) => {
  console.error(`cannot reach NATS: ${error.message}`);
  process.exit(1);
});

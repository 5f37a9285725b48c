import { spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'nats';
import { freePort, waitFor } from './ports';

export interface NatsServer {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * A private nats-server with JetStream on a free port and a throw-away store, so a test run
 * never takes the platform's messages (nor the other way round).
 */
export async function startNatsServer(binary = process.env.NATS_SERVER_BIN ?? 'nats-server'): Promise<NatsServer> {
  const port = await freePort();
  const storeDir = mkdtempSync(join(tmpdir(), 'yixiang-nats-'));
  const child: ChildProcess = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`cannot start ${binary}: ${e.message}; run deploy/local/ensure-services.sh`))));
  const url = `nats://127.0.0.1:${port}`;
  await Promise.race([
    failed,
    waitFor(`nats-server on ${url}`, async () => {
      const nc = await connect({ servers: url, timeout: 500 });
      await nc.close();
      return true;
    }, 15000),
  ]);
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

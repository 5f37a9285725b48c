import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from './stack/ports';
import { connect } from 'nats';

const SCRIPT = join(__dirname, 'ensure-services.sh');
const RUNTIME = join(__dirname, '../../.runtime/nats');
const NATS_SERVER = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';

/** A service is found by what answers on its port, never by a process name. */
describe('ensure-services.sh: NATS', () => {
  let decoy: ChildProcess | undefined;
  let started: number | undefined;

  afterEach(() => {
    decoy?.kill('SIGKILL');
    if (started) {
      try {
        process.kill(started, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('starts a nats-server on the configured port although another one runs on the machine, and keeps its pidfile under .runtime', async () => {
    const decoyPort = await freePort();
    decoy = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(decoyPort)], { stdio: 'ignore' });
    await waitFor('the other nats-server', async () => ((await connect({ servers: `nats://127.0.0.1:${decoyPort}` }).then((c) => c.close())), true));
    const port = await freePort();
    const result = spawnSync('bash', [SCRIPT], { env: { ...process.env, NATS_URL: `nats://127.0.0.1:${port}` }, encoding: 'utf8', timeout: 60000 });
    const pidfile = join(RUNTIME, `nats-server-${port}.pid`);
    if (existsSync(pidfile)) started = Number(readFileSync(pidfile, 'utf8').trim());
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain(`nats: ready at 127.0.0.1:${port} (JetStream)`);
    expect(started).toBeGreaterThan(0);
    const nc = await connect({ servers: `nats://127.0.0.1:${port}` });
    expect(nc.info?.jetstream).toBe(true);
    await nc.close();
  }, 90000);
});

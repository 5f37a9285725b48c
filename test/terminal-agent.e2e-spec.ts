import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, bureauToken, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';
import { ok } from './support/voucher-flow';

/**
 * The reference terminal (issue 20, `npm run terminal`) against a platform it cannot reach for a
 * while: it keeps each session in its buffer file, and once the platform is back it delivers every
 * one exactly once, even when the reply to its batch is lost on the way and it sends it again.
 * Between the agent and the gateway sits a TCP proxy of the test's own that refuses connections
 * while "down" and can cut the first batch's reply after the platform has handled it.
 */

interface Proxy { url: string; up: boolean; cutFirstBatchReply: boolean; batches: number; close(): Promise<void> }

async function proxyTo(target: URL): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const proxy: Proxy = { url: '', up: false, cutFirstBatchReply: false, batches: 0, close: async () => undefined };
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (!proxy.up) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    let cutReply = false;
    client.on('data', (chunk: Buffer) => {
      if (chunk.includes('POST /api/v1/terminal/sessions/batch')) {
        proxy.batches += 1;
        if (proxy.cutFirstBatchReply) {
          proxy.cutFirstBatchReply = false;
          cutReply = true;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      // The platform has answered: the terminal never hears it.
      if (cutReply) {
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  proxy.url = `http://127.0.0.1:${address.port}`;
  proxy.close = () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
  return proxy;
}

const ROOT = join(__dirname, '..');

describe('the reference terminal', () => {
  let operator: { token: string };
  let instrument: any;
  let terminal: { id: string; credential: string };
  let proxy: Proxy;
  let dir: string;
  let bufferFile: string;

  /** One run of `npm run terminal` (its wrapper, as npm would call it): exit code and log. */
  function agent(args: string[]): Promise<{ code: number; log: string }> {
    return new Promise((resolve) => {
      const child = execFile(process.execPath, [join(ROOT, 'scripts/terminal.js'), '--instrument', instrument.code, '--terminal', terminal.id, '--url', proxy.url,
        '--buffer', bufferFile, '--retry', '0.3', ...args], { cwd: dir, env: { ...process.env, YIXIANG_TERMINAL_SECRET: terminal.credential }, timeout: 60000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, log: `${stderr}${stdout}${error && typeof error.code !== 'number' ? String(error) : ''}` }));
      child.stdin?.end();
    });
  }
  const buffered = () => JSON.parse(readFileSync(bufferFile, 'utf8')).sessions as { sequence: number; start: string; end: string | null; delivered: boolean }[];
  const onPlatform = async () => (ok(await api('GET', `/terminal-sessions?instrumentId=${instrument.id}&pageSize=200`, { token: operator.token }), 200, 'sessions').items as any[])
    .filter((s) => s.terminalId === terminal.id);

  beforeAll(async () => {
    const bureau = await bureauToken();
    const institution = await createInstitution(bureau, { name: '参考终端测试大学', region: 'CQ' });
    const admin = await createUser(bureau, 'institution_admin', institution.code);
    operator = await createUser(bureau, 'operator', institution.code);
    instrument = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '参考终端测试质谱仪' }) }), 201, 'instrument');
    const registered = ok(await api('POST', '/terminals', { token: admin.token, body: { instrumentId: instrument.id, name: '质谱室工控机' } }), 201, 'terminal');
    terminal = { id: registered.id, credential: registered.credential };
    proxy = await proxyTo(new URL(testEnv().gatewayUrl));
    dir = mkdtempSync(join(tmpdir(), 'yixiang-terminal-'));
    bufferFile = join(dir, 'buffer.json');
  }, 60000);

  afterAll(async () => {
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('buffers the sessions of watched runs and on-demand ones while the platform is unreachable, then delivers each exactly once', async () => {
    const watched = ['--watch', '--', process.execPath, '-e', 'setTimeout(() => {}, 700)'];
    for (let i = 0; i < 3; i++) {
      const run = await agent(['--deliver-within', '1', ...watched]);
      expect(run.log).toContain('platform unreachable');
      expect(run.code).toBe(3);
    }
    const end = new Date(Date.now() - 60_000);
    const onDemand = await agent(['--deliver-within', '0', '--start', new Date(end.getTime() - 30 * 60_000).toISOString(), '--end', end.toISOString()]);
    expect(onDemand.code).toBe(3);
    const kept = buffered();
    expect(kept).toHaveLength(4);
    expect(kept.every((s) => s.end !== null && !s.delivered)).toBe(true);
    expect(new Set(kept.map((s) => s.sequence)).size).toBe(4);
    expect(await onPlatform()).toEqual([]);

    // The platform is back, but the reply to the first batch is lost: the agent sends it again.
    proxy.up = true;
    proxy.cutFirstBatchReply = true;
    const back = await agent(['--deliver-within', '30']);
    expect(back.code).toBe(0);
    expect(proxy.batches).toBeGreaterThanOrEqual(2);
    expect(buffered()).toEqual([]);
    const sessions = await onPlatform();
    expect(sessions.map((s) => s.sequence).sort()).toEqual(kept.map((s) => s.sequence).sort());
    for (const k of kept) {
      const s = sessions.find((x) => x.sequence === k.sequence);
      expect(s).toMatchObject({ state: 'stopped', status: 'pending', start: k.start, end: k.end });
    }

    // Nothing is left to send: another run sends no batch; a watched run now reports live.
    const batches = proxy.batches;
    expect((await agent(['--deliver-within', '5'])).code).toBe(0);
    expect(proxy.batches).toBe(batches);
    const live = await agent(['--deliver-within', '5', ...watched]);
    expect(live.code).toBe(0);
    expect(live.log).toContain('ended and delivered');
    expect(proxy.batches).toBe(batches);
    const after = await onPlatform();
    expect(after).toHaveLength(5);
    expect(new Set(after.map((s) => s.sequence)).size).toBe(5);
  }, 120000);
});

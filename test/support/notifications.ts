import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { testEnv } from './api';

/** What the notification tests share (issue 19): a webhook receiver, polling, and the run's SMTP server's mail. */

export interface Received { headers: IncomingMessage['headers']; body: string; at: number }

/** A small HTTP receiver on 127.0.0.1 that answers `statusFor(n)` to its n-th request (1-based). */
export async function receiver(statusFor: (n: number) => number = () => 200): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      res.writeHead(statusFor(got.length), { 'content-type': 'application/json' });
      res.end('{"errcode":0}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => new Promise((r) => server.close(() => r())) };
}

export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The messages the run's SMTP server took for `address`, parsed. */
export async function mailTo(address: string) {
  const dir = testEnv().mailDir!;
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml') && f.includes(`-${address}-`)).sort();
  return Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))));
}

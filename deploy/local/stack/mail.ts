import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface MailServer {
  /** smtp://127.0.0.1:<port> — the notification service's SMTP_URL. */
  url: string;
  /** Where each delivered message is written, one .eml file per message and recipient. */
  dir: string;
  stop(): Promise<void>;
}

/**
 * A real SMTP server for the test stack and the demo (`smtp-server`): it takes every message on
 * 127.0.0.1, without authentication, and writes it as an RFC 5322 .eml file named
 * `<time>-<recipient>-<uuid>.eml` in `dir`, where tests read (and parse with `mailparser`) what
 * the platform sent. Development only: smtp-server is a devDependency.
 */
export async function startMailServer(dir: string, port = 0): Promise<MailServer> {
  mkdirSync(dir, { recursive: true });
  // Loaded only when a mail server is started: smtp-server is a devDependency, absent from a production install.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SMTPServer } = require('smtp-server') as typeof import('smtp-server');
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const message = Buffer.concat(chunks);
        for (const rcpt of session.envelope.rcptTo) {
          const safe = rcpt.address.replace(/[^A-Za-z0-9@._-]/g, '_');
          writeFileSync(join(dir, `${Date.now()}-${safe}-${randomUUID()}.eml`), message);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    dir,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The raw messages delivered to `address` so far, oldest first. */
export function mailTo(dir: string, address: string): string[] {
  const safe = address.replace(/[^A-Za-z0-9@._-]/g, '_');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml') && f.includes(`-${safe}-`)).sort();
  } catch {
    return [];
  }
  return files.map((f) => readFileSync(join(dir, f), 'utf8'));
}

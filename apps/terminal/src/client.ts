import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { terminalSignature, terminalSigningKey } from '@yixiang/domain';

export interface Reply { status: number; body: any }

/**
 * Signed calls to the platform's terminal API: each request carries the terminal's id, the time,
 * a fresh nonce and an HMAC over method, path, time, nonce and the body exactly as sent. A
 * network failure or timeout throws; any HTTP answer is returned for the caller to judge.
 *
 * node:http rather than fetch: a connection the far side drops at once (a proxy or firewall in
 * front of an unreachable platform) left fetch's promise pending with nothing keeping the
 * process alive; node:http reports it as an error, which is all the agent needs to buffer.
 */
export class TerminalClient {
  private readonly key: string;
  private readonly base: URL;

  constructor(baseUrl: string, private readonly terminalId: string, credential: string, private readonly timeoutMs = 10_000) {
    this.key = terminalSigningKey(credential);
    this.base = new URL(baseUrl);
  }

  post(path: string, body: unknown): Promise<Reply> {
    const raw = JSON.stringify(body);
    const fullPath = `${this.base.pathname.replace(/\/+$/, '')}/api/v1/terminal${path}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const nonce = randomBytes(18).toString('base64url');
    const signature = terminalSignature(this.key, { method: 'POST', path: fullPath, timestamp, nonce, body: raw });
    const send = this.base.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Reply>((resolve, reject) => {
      const req = send({
        protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port || undefined, method: 'POST', path: fullPath, agent: false,
        headers: {
          'content-type': 'application/json', 'content-length': Buffer.byteLength(raw), 'x-terminal-id': this.terminalId,
          'x-terminal-timestamp': String(timestamp), 'x-terminal-nonce': nonce, 'x-terminal-signature': signature,
        },
        timeout: this.timeoutMs,
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: a proxy's error page; kept as text for the log.
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(raw);
    });
  }
}

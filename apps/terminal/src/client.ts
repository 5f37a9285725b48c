import { randomBytes } from 'node:crypto';
import { terminalSignature, terminalSigningKey } from '@yixiang/domain';

export interface Reply { status: number; body: any }

/**
 * Signed calls to the platform's terminal API: each request carries the terminal's id, the time,
 * a fresh nonce and an HMAC over method, path, time, nonce and the body exactly as sent. A
 * network failure or timeout throws; any HTTP answer is returned for the caller to judge.
 */
export class TerminalClient {
  private readonly key: string;

  constructor(private readonly baseUrl: string, private readonly terminalId: string, credential: string, private readonly timeoutMs = 10_000) {
    this.key = terminalSigningKey(credential);
  }

  async post(path: string, body: unknown): Promise<Reply> {
    const raw = JSON.stringify(body);
    const fullPath = `/api/v1/terminal${path}`;
    const timestamp = Math.floor(Date.now() / 1000);
    const nonce = randomBytes(18).toString('base64url');
    const signature = terminalSignature(this.key, { method: 'POST', path: fullPath, timestamp, nonce, body: raw });
    const response = await fetch(`${this.baseUrl.replace(/\/+$/, '')}${fullPath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'x-terminal-id': this.terminalId, 'x-terminal-timestamp': String(timestamp),
        'x-terminal-nonce': nonce, 'x-terminal-signature': signature,
      },
      body: raw,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: a proxy's error page; kept as text for the log.
    }
    return { status: response.status, body: parsed };
  }
}

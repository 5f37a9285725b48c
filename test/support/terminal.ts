import { randomBytes } from 'node:crypto';
import { terminalSignature, terminalSigningKey } from '@yixiang/domain';
import { api, ApiResponse } from './api';

export interface Terminal { id: string; credential: string }

export interface SignedRequest { path: string; raw: string; headers: Record<string, string> }

/** A request as a terminal signs it: the body as text, the four headers over it. */
export function signed(terminal: Terminal, path: string, body: unknown, opts: { nonce?: string; timestamp?: number; credential?: string } = {}): SignedRequest {
  const raw = JSON.stringify(body);
  const full = `/api/v1${path}`;
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = opts.nonce ?? randomBytes(16).toString('hex');
  const signature = terminalSignature(terminalSigningKey(opts.credential ?? terminal.credential), { method: 'POST', path: full, timestamp, nonce, body: raw });
  return {
    path, raw,
    headers: { 'content-type': 'application/json', 'x-terminal-id': terminal.id, 'x-terminal-timestamp': String(timestamp), 'x-terminal-nonce': nonce, 'x-terminal-signature': signature },
  };
}

/** Sends a signed request (again, for a replay). */
export function send(request: SignedRequest): Promise<ApiResponse> {
  return api('POST', request.path, { raw: request.raw, headers: request.headers });
}

/** Signs and sends a fresh request. */
export function report(terminal: Terminal, path: string, body: unknown): Promise<ApiResponse> {
  return send(signed(terminal, path, body));
}

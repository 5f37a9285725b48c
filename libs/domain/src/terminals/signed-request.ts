import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How an instrument terminal signs a request to `/api/v1/terminal/…` (issue 20). The credential
 * is shown to the institution once; every request carries the terminal's id, a timestamp and a
 * fresh nonce, and an HMAC-SHA256 over method, path, timestamp, nonce and the body's SHA-256.
 * The platform refuses a timestamp outside the window (a captured request replayed later) and a
 * nonce it has already seen (one replayed at once — that check needs storage, so it is the
 * caller's; this rule says which nonce to remember and for how long).
 */
export interface TerminalSignatureParts {
  method: string;
  /** The path with its query string, as sent. */
  path: string;
  /** Unix seconds. */
  timestamp: number;
  nonce: string;
  body: string;
}

/** Seconds a signed request stays acceptable either side of the platform's clock. */
export const TERMINAL_CLOCK_WINDOW_SECONDS = 300;
/** Nonces: 16 to 64 characters of URL-safe base64 or hex. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export function terminalCanonicalString(p: TerminalSignatureParts): string {
  const bodyHash = createHash('sha256').update(p.body, 'utf8').digest('hex');
  return [p.method.toUpperCase(), p.path, String(p.timestamp), p.nonce, bodyHash].join('\n');
}

export function terminalSignature(secret: string, p: TerminalSignatureParts): string {
  return createHmac('sha256', secret).update(terminalCanonicalString(p), 'utf8').digest('hex');
}

export type TerminalSignatureProblem = 'malformed' | 'clock-skew' | 'bad-signature';

/** Why a signed request is refused before its nonce is even looked up, or null when it may proceed. */
export function terminalSignatureProblem(secret: string, p: TerminalSignatureParts, signature: string, nowSeconds: number): TerminalSignatureProblem | null {
  if (!Number.isInteger(p.timestamp) || !NONCE_PATTERN.test(p.nonce) || !/^[0-9a-f]{64}$/.test(signature)) return 'malformed';
  if (Math.abs(nowSeconds - p.timestamp) > TERMINAL_CLOCK_WINDOW_SECONDS) return 'clock-skew';
  const expected = Buffer.from(terminalSignature(secret, p), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex')) ? null : 'bad-signature';
}

/**
 * How long a seen nonce must be remembered: until its timestamp has left the window, after which
 * the clock check refuses the request anyway.
 */
export function nonceExpiresAt(timestamp: number): number {
  return timestamp + TERMINAL_CLOCK_WINDOW_SECONDS + 1;
}

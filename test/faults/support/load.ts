import { randomUUID } from 'node:crypto';

/**
 * A steady booking → check-in → check-out load through two gateways, as clients behind a load
 * balancer see them: each request goes to the next gateway, one that cannot be reached is skipped
 * for the other, and a 503 (or a lost connection) is tried again after its Retry-After. Every
 * answer is counted, so the test can say what the clients saw while a host was cut.
 */
export interface LoadAccounts {
  researcher: string;
  operator: string;
  instrumentIds: string[];
}

interface Answer {
  status: number;
  body: any;
  retryAfter: string | null;
}

export class BookingLoad {
  readonly statuses = new Map<string, number>();
  readonly unexpected: string[] = [];
  connectionErrors = 0;
  without503RetryAfter = 0;
  /** What each 503 without Retry-After was (request and error), to say which path lacks it. */
  readonly bare503s = new Map<string, number>();
  requests = 0;
  checkOuts = 0;
  /** When each check-out succeeded: the test reads recovery from it. */
  readonly checkOutTimes: number[] = [];
  private next = 0;
  private stopped = false;
  private workers: Promise<void>[] = [];

  constructor(
    private readonly gateways: string[],
    private readonly accounts: LoadAccounts,
    /** Days ahead the bookings fall in: more days, fewer clashes between workers. */
    private readonly days = 14,
  ) {}

  start(workers: number): void {
    this.workers = Array.from({ length: workers }, () => this.work());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers);
  }

  private count(key: string): void {
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  /** One HTTP request through whichever gateway answers: the other one when a connection fails. */
  private async send(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer | null> {
    for (let tries = 0; tries < this.gateways.length; tries++) {
      const gateway = this.gateways[this.next++ % this.gateways.length];
      this.requests++;
      try {
        const response = await fetch(`${gateway}/api/v1${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(20000),
        });
        const text = await response.text();
        this.count(String(response.status));
        const answer = { status: response.status, body: text ? JSON.parse(text) : {}, retryAfter: response.headers.get('retry-after') };
        if (answer.status === 503 && !answer.retryAfter) {
          this.without503RetryAfter++;
          const what = `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')} → ${answer.body?.error?.code ?? '?'}: ${String(answer.body?.error?.message ?? text).slice(0, 160)}`;
          this.bare503s.set(what, (this.bare503s.get(what) ?? 0) + 1);
        }
        if (![200, 201, 409, 503].includes(answer.status)) this.unexpected.push(`${method} ${path} → ${answer.status} ${text.slice(0, 300)}`);
        return answer;
      } catch {
        this.connectionErrors++;
      }
    }
    return null;
  }

  /** Sends until the answer is not a 503 nor a lost connection (or the load stops). */
  private async call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer | null> {
    for (;;) {
      const answer = await this.send(method, path, token, body, headers);
      if (answer && answer.status !== 503) return answer;
      if (this.stopped && !answer) return null;
      const seconds = Number(answer?.retryAfter);
      await new Promise((r) => setTimeout(r, answer && seconds > 0 ? Math.min(seconds, 3) * 1000 : 300));
    }
  }

  private slot(): { instrumentId: string; start: string; end: string } {
    const { instrumentIds } = this.accounts;
    const day = new Date(Date.now() + 8 * 3600e3 + (1 + Math.floor(Math.random() * this.days)) * 86400e3).toISOString().slice(0, 10);
    const hour = String(Math.floor(Math.random() * 23)).padStart(2, '0');
    const next = String(Number(hour) + 1).padStart(2, '0');
    return { instrumentId: instrumentIds[Math.floor(Math.random() * instrumentIds.length)], start: `${day}T${hour}:00:00+08:00`, end: `${day}T${next}:00:00+08:00` };
  }

  /**
   * Moves a booking on, or confirms that it already moved: a step retried after a lost answer
   * finds its own first attempt done and gets 409, which is then no failure.
   */
  private async step(id: string, action: 'check-in' | 'check-out', reached: string[]): Promise<boolean> {
    const answer = await this.call('POST', `/bookings/${id}/${action}`, this.accounts.operator);
    if (!answer) return false;
    if (answer.status === 200 || answer.status === 201) return true;
    const now = await this.call('GET', `/bookings/${id}`, this.accounts.operator);
    return now !== null && reached.includes(now.body.status);
  }

  private async work(): Promise<void> {
    while (!this.stopped) {
      const key = randomUUID();
      const created = await this.call('POST', '/bookings', this.accounts.researcher, {
        ...this.slot(), serviceMode: 'assisted', serviceCategory: 'testing', purpose: '多主机故障演练',
      }, { 'idempotency-key': key });
      if (!created || created.status !== 201) continue;
      const id = created.body.id as string;
      if (!(await this.step(id, 'check-in', ['in_use', 'completed']))) continue;
      if (await this.step(id, 'check-out', ['completed'])) {
        this.checkOuts++;
        this.checkOutTimes.push(Date.now());
      }
    }
  }
}

import { spawn } from 'node:child_process';
import { SessionBuffer } from './buffer';
import { Reply, TerminalClient } from './client';

/** How many sessions one batch carries (the platform takes at most 500). */
const BATCH_SIZE = 200;

export type Log = (message: string) => void;

/**
 * The reference terminal (issue 20): what an institution installs on an instrument PC. A session
 * is reported as it happens (start, heartbeats, stop) when the platform can be reached, and kept
 * in the local buffer either way; whatever the platform has not confirmed is sent later as a
 * batch. Resending is always safe: the platform knows each session by its sequence number and
 * answers a resend as the first time, so every session is recorded there exactly once.
 */
export class TerminalAgent {
  constructor(
    private readonly client: TerminalClient,
    private readonly buffer: SessionBuffer,
    private readonly log: Log,
    private readonly heartbeatMs = 60_000,
  ) {}

  /** Runs the command; its run is one session. Resolves with the command's exit code. */
  async watch(command: string, args: readonly string[]): Promise<number> {
    const child = spawn(command, args, { stdio: 'inherit' });
    // Listened for at once: a short run may end before the start has even reached the platform.
    const exited = new Promise<number>((resolve) => child.once('exit', (exit, signal) => resolve(exit ?? (signal ? 128 : 1))));
    const started = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', (error) => {
        this.log(`could not start ${command}: ${error.message}`);
        resolve(false);
      });
    });
    if (!started) return 127;
    const session = this.buffer.begin(new Date());
    this.log(`session ${session.sequence} began (${command})`);
    await this.send('/sessions/start', { sequence: session.sequence, at: session.start });
    const beat = setInterval(() => void this.send('/sessions/heartbeat', { sequence: session.sequence, at: new Date().toISOString() }), this.heartbeatMs);
    const code = await exited;
    clearInterval(beat);
    await this.stop(session.sequence, new Date());
    return code;
  }

  /** A session on demand (a use someone reports by hand on the PC): kept, then delivered with the backlog. */
  record(start: Date, end: Date): number {
    const session = this.buffer.begin(start, end);
    this.log(`session ${session.sequence} recorded (${session.start} – ${session.end})`);
    return session.sequence;
  }

  /**
   * Sends the backlog until the platform has all of it or `withinMs` has passed (retrying every
   * `retryMs`): true when nothing is left.
   */
  async deliver(withinMs: number, retryMs: number): Promise<boolean> {
    const deadline = Date.now() + withinMs;
    for (;;) {
      if (await this.flush()) return true;
      if (Date.now() + retryMs > deadline) return false;
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }

  /** One attempt at the backlog: true when nothing is left to send. */
  async flush(): Promise<boolean> {
    for (;;) {
      const backlog = this.buffer.backlog().slice(0, BATCH_SIZE);
      if (backlog.length === 0) return true;
      const reply = await this.send('/sessions/batch', { sessions: backlog.map((s) => ({ sequence: s.sequence, start: s.start, end: s.end })) });
      if (!reply || reply.status !== 200) return false;
      const accepted = (reply.body.accepted as { sequence: number }[]).map((s) => s.sequence);
      const refused = reply.body.refused as { sequence: number; problem: string; reason: string }[];
      // A refused session can never be taken (too old, impossible times): it is dropped, and said so.
      for (const r of refused) this.log(`session ${r.sequence} refused by the platform (${r.problem}): ${r.reason}`);
      this.buffer.delivered([...accepted, ...refused.map((r) => r.sequence)]);
      this.log(`delivered ${accepted.length} buffered session(s)${refused.length ? `, ${refused.length} refused` : ''}`);
    }
  }

  private async stop(sequence: number, end: Date): Promise<void> {
    const session = this.buffer.finish(sequence, end);
    // The start goes with the stop: the platform may never have heard of the session.
    const reply = await this.send('/sessions/stop', { sequence, at: session.end, start: session.start });
    if (reply?.status === 200) {
      this.buffer.delivered([sequence]);
      this.log(`session ${sequence} ended and delivered`);
    } else {
      this.log(`session ${sequence} ended; kept for later delivery`);
    }
  }

  /** A signed call, or null when the platform could not be reached (the buffer keeps what it was about). */
  private async send(path: string, body: unknown): Promise<Reply | null> {
    try {
      const reply = await this.client.post(path, body);
      if (reply.status >= 400) this.log(`${path} → ${reply.status} ${JSON.stringify(reply.body?.error ?? reply.body)}`);
      return reply;
    } catch (error) {
      this.log(`${path}: platform unreachable (${error instanceof Error ? error.message : String(error)})`);
      return null;
    }
  }
}

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A session as the terminal keeps it until the platform has it. */
export interface BufferedSession {
  sequence: number;
  start: string;
  /** Null while the watched process still runs. */
  end: string | null;
  /** The platform answered the stop or a batch naming this session: it is never sent again. */
  delivered: boolean;
}

interface BufferFile {
  terminalId: string;
  nextSequence: number;
  sessions: BufferedSession[];
}

/**
 * The terminal's local record of its sessions, in one JSON file that survives a restart of the
 * agent or of the PC. Every change is written to a temporary file and renamed over the old one, so
 * a crash leaves the old or the new state, never half of one. The sequence numbers it hands out
 * are the platform's idempotency keys: a session sent twice (its reply lost) is recognised there.
 */
export class SessionBuffer {
  private constructor(private readonly path: string, private state: BufferFile) {}

  static open(path: string, terminalId: string): SessionBuffer {
    if (existsSync(path)) {
      const state = JSON.parse(readFileSync(path, 'utf8')) as BufferFile;
      if (state.terminalId !== terminalId) throw new Error(`${path} belongs to terminal ${state.terminalId}, not ${terminalId}`);
      return new SessionBuffer(path, state);
    }
    // A fresh buffer starts its numbers at the clock's milliseconds, not at 1: a terminal installed
    // anew (its old buffer lost) must not reuse a number the platform already holds a session for.
    return new SessionBuffer(path, { terminalId, nextSequence: Date.now(), sessions: [] });
  }

  begin(start: Date, end: Date | null = null): BufferedSession {
    const session: BufferedSession = { sequence: this.state.nextSequence, start: start.toISOString(), end: end ? end.toISOString() : null, delivered: false };
    this.state.nextSequence += 1;
    this.state.sessions.push(session);
    this.save();
    return session;
  }

  finish(sequence: number, end: Date): BufferedSession {
    const session = this.find(sequence);
    session.end = end.toISOString();
    this.save();
    return session;
  }

  delivered(sequences: readonly number[]): void {
    const done = new Set(sequences);
    for (const s of this.state.sessions) if (done.has(s.sequence)) s.delivered = true;
    // Delivered sessions are kept no longer than needed: the platform holds them now.
    this.state.sessions = this.state.sessions.filter((s) => !s.delivered);
    this.save();
  }

  /** Ended sessions the platform has not confirmed, oldest first. */
  backlog(): BufferedSession[] {
    return this.state.sessions.filter((s) => s.end !== null && !s.delivered).sort((a, b) => a.sequence - b.sequence);
  }

  private find(sequence: number): BufferedSession {
    const session = this.state.sessions.find((s) => s.sequence === sequence);
    if (!session) throw new Error(`no buffered session ${sequence}`);
    return session;
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, this.path);
  }
}

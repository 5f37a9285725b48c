import { Logger } from '@nestjs/common';

/**
 * Keeps a replica's job schedulers registered. Registering once at boot is not enough: a Redis restarted
 * without its data (or a flushed one) forgets them, and nothing would run again until every service
 * restarted. So every replica registers them again every `everyMs`; upsertJobScheduler is idempotent, and
 * `tick` also does the replica's periodic housekeeping (e.g. rerunning a failed scheduled job).
 * A failed tick (Redis away) is logged and tried again at the next one.
 */
export class SchedulerKeeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly name: string,
    private readonly tick: () => Promise<unknown>,
    private readonly everyMs: number,
    private readonly logger = new Logger(SchedulerKeeper.name),
  ) {}

  /** The first registration is awaited (a service that cannot register at boot says so), later ones are not. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.runOnce(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private async runOnce(): Promise<void> {
    if (this.running) return; // the previous tick is still waiting on Redis
    this.running = (async () => {
      try {
        await this.tick();
      } catch (error) {
        this.logger.warn(`${this.name}: registering the job schedulers failed, trying again in ${this.everyMs} ms: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.running = null;
      }
    })();
    await this.running;
  }
}

/**
 * Shares one read among concurrent callers without ever handing a caller a value read before it
 * asked. A caller joins the read queued to start after the one under way, never the one under way
 * (that one may have run before a change the caller has just seen committed); the queued read
 * starts when the running one ends. So at most one read is in flight, each serves everyone who
 * asked while the previous one ran, and a caller waits at most for the end of one read and one more.
 */
export class FreshRead<T> {
  private running: Promise<unknown> = Promise.resolve();
  private queued: Promise<T> | null = null;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.queued) {
      const queued: Promise<T> = this.running.then(() => {
        // From here on, new callers queue the next read: this one is starting.
        if (this.queued === queued) this.queued = null;
        return this.read();
      });
      this.queued = queued;
      this.running = queued.catch(() => undefined);
    }
    return this.queued;
  }
}

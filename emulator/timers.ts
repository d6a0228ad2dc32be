/** Waits that `close()` can cut short, so no pending delay keeps the process (or a test run) alive. */

/** Tracks every pending wait of one emulator. */
export class Timers {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();
  private isClosed = false;

  /** True once `cancelAll()` ran: work woken by it must stop instead of carrying on. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Resolves after `ms`, or at once when the emulator is closed. */
  sleep(ms: number): Promise<void> {
    if (this.isClosed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  /** Ends every wait now and makes later waits resolve at once. */
  cancelAll(): void {
    this.isClosed = true;
    for (const [timer, resolve] of this.pending) {
      clearTimeout(timer);
      resolve();
    }
    this.pending.clear();
  }
}

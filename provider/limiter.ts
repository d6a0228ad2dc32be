/**
 * Bounds how many API calls one provider process makes at once, and holds new calls back while the API
 * has asked us to slow down (HTTP 429), so a large stack does not spend its retry budget on rate limits.
 */
export class CallLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(
    private readonly maxConcurrency: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `task` once a slot is free and no pause is in force. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Holds calls that have not started yet until `ms` from now (the longest pause wins). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async acquire(): Promise<void> {
    if (this.active >= this.maxConcurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    for (let wait = this.pausedUntil - this.now(); wait > 0; wait = this.pausedUntil - this.now()) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays counted.
    if (next) next();
    else this.active--;
  }
}

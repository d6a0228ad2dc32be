/**
 * A counting semaphore: the engine's step executor runs at most `--parallel` steps at once
 * (`pkg/resource/deploy/step_executor.go`, workers; default 4 × GOMAXPROCS in `pkg/cmd/pulumi/operations/up.go`).
 */
import * as os from "node:os";

/** `pulumi up`'s default parallelism on this machine: 4 × the CPUs Go would use. */
export function defaultParallelism(): number {
  return 4 * os.availableParallelism();
}

/** Runs async work with at most `limit` pieces in flight. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Highest number of pieces that ran at once (for tests of the bound). */
  peak = 0;

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`parallel must be a positive integer, got ${limit}`);
  }

  /** Slots taken now. */
  get inUse(): number {
    return this.active;
  }

  /** Callers waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Waits for a free slot and takes it; call the returned function (once) to free it. This is the engine's
   * `ExecuteSerial` handing a chain to a worker: the caller does not go on until a worker has taken the chain.
   */
  async acquire(): Promise<() => void> {
    // A freed slot passes straight to the next waiter (still counted), so a caller arriving between the release and
    // the waiter's wake-up cannot take it as well.
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    this.peak = Math.max(this.peak, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  /** Waits for a free slot, runs `work`, frees the slot. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

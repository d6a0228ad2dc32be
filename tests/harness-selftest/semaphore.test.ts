/**
 * The harness's step semaphore (the engine's `--parallel` workers) never admits more than its limit, also when a
 * new caller arrives between a release and the wake-up of the caller waiting for that slot.
 */
import assert from "node:assert/strict";
import { Semaphore } from "../harness/semaphore";

describe("harness: Semaphore", () => {
  it("hands a freed slot to the waiter: a caller arriving at the release does not make it limit + 1", async () => {
    const semaphore = new Semaphore(1);
    let releaseFirst!: () => void;
    const firstWork = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = semaphore.run(() => firstWork);
    const waiter = semaphore.run(async () => undefined);
    await Promise.resolve();
    // Chained on the first piece's work after the semaphore's own await on it, so it runs right after the release,
    // before the waiter wakes up.
    const late = firstWork.then(() => semaphore.run(async () => undefined));
    releaseFirst();
    await Promise.all([first, waiter, late]);
    assert.equal(semaphore.peak, 1);
  });

  it("runs at most `limit` pieces at once under a burst, and all of them", async () => {
    const semaphore = new Semaphore(3);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        semaphore.run(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setImmediate(resolve));
          running--;
        }),
      ),
    );
    assert.equal(most, 3);
    assert.equal(semaphore.peak, 3);
  });
});

/**
 * The harness's step semaphore (the engine's `--parallel` workers) never admits more than its limit, also when a
 * new caller arrives between a release and the wake-up of the caller waiting for that slot. No timing: the pieces of
 * work wait on gates the test opens, and the checks run at points the event loop fixes (synchronously after a call,
 * or after `setImmediate`, which runs only once every pending promise reaction has run).
 */
import assert from "node:assert/strict";
import { Semaphore } from "../harness/semaphore";

/** Every promise reaction that can run now has run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("harness: Semaphore", () => {
  it("hands a freed slot to the waiter: a caller arriving at the release does not make it limit + 1", async () => {
    const semaphore = new Semaphore(1);
    const releaseFirst = await semaphore.acquire();
    const waiter = semaphore.acquire();
    assert.deepEqual([semaphore.inUse, semaphore.queued], [1, 1]);
    releaseFirst();
    // The slot went to the waiter at the release: a caller arriving now, before the waiter has even woken up, queues.
    const late = semaphore.acquire();
    assert.deepEqual([semaphore.inUse, semaphore.queued], [1, 1]);
    const releaseWaiter = await waiter;
    await settle();
    assert.deepEqual([semaphore.inUse, semaphore.queued], [1, 1], "the late caller still waits while the waiter holds the slot");
    releaseWaiter();
    (await late)();
    assert.deepEqual([semaphore.inUse, semaphore.queued, semaphore.peak], [0, 0, 1]);
  });

  it("runs at most `limit` pieces at once under a burst, and all of them", async () => {
    const semaphore = new Semaphore(3);
    const gates: (() => void)[] = [];
    let running = 0;
    let most = 0;
    let finished = 0;
    const all = Promise.all(
      Array.from({ length: 20 }, () =>
        semaphore.run(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise<void>((resolve) => gates.push(resolve));
          running--;
          finished++;
        }),
      ),
    );
    for (let done = 0; done < 20; done++) {
      await settle();
      assert.equal(running, Math.min(3, 20 - done), `after ${done} pieces finished`);
      assert.equal(semaphore.queued, Math.max(0, 20 - done - 3));
      gates.shift()?.();
    }
    await all;
    assert.deepEqual([most, semaphore.peak, finished, semaphore.inUse], [3, 3, 20, 0]);
  });
});

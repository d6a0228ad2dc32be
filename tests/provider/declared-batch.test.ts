/**
 * How a program's `ActivatedMailing` resources are grouped for the read-ahead hint: every resource constructed by
 * the same synchronous code is one batch, closed by a promise job rather than a timer, so fake timers in a user's
 * unit tests (Jest, Sinon replace setImmediate and setTimeout) cannot keep the resources from registering.
 */
import assert from "node:assert/strict";
import { joinDeclaredBatch } from "../../provider/declared-batch";
import { hintedMailingIds } from "../../provider/declared-hint";

describe("read-ahead hint: the program's batches", () => {
  it("resources constructed by one synchronous loop form one batch; the first carries the ids ahead", async () => {
    const hints = await Promise.all([10, 11, 12].map((id) => joinDeclaredBatch(id)));
    assert.deepEqual(hints.map(hintedMailingIds), [[10, 11, 12], [], []]);
  });

  it("a later turn starts a batch of its own", async () => {
    const first = joinDeclaredBatch(20);
    await first;
    const second = await Promise.all([joinDeclaredBatch(21), joinDeclaredBatch(22)]);
    assert.deepEqual(hintedMailingIds(await first), [20]);
    assert.deepEqual(second.map(hintedMailingIds), [[21, 22], []]);
  });

  it("closes without any timer: it resolves while setImmediate and setTimeout are replaced by fakes that never fire", async () => {
    const realImmediate = global.setImmediate;
    const realTimeout = global.setTimeout;
    (global as { setImmediate: unknown }).setImmediate = () => undefined;
    (global as { setTimeout: unknown }).setTimeout = () => undefined;
    let hint: string;
    try {
      hint = await joinDeclaredBatch(30);
    } finally {
      global.setImmediate = realImmediate;
      global.setTimeout = realTimeout;
    }
    assert.deepEqual(hintedMailingIds(hint), [30]);
  });

  it("an id that is not a plain number (an Output, a promise) takes a place in the batch but is not hinted", async () => {
    const hints = await Promise.all([Promise.resolve(40), 41].map((id) => joinDeclaredBatch(id)));
    assert.deepEqual(hints.map(hintedMailingIds), [[41], []]);
  });
});

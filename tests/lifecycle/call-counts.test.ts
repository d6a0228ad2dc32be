/**
 * Issue 13: the fewest API calls per resource and operation, counted at the emulator over every provider call the
 * engine makes for it in one operation (check, diff, create or update), with `altcraft:verifyOnPreview` on.
 * `npm run bench` measures the same counts at scale.
 */
import assert from "node:assert/strict";
import type { Emulator } from "../../emulator";
import { callsSince, mailing, mailingStack, startScenarioEmulator } from "./support/mailing-stack";

describe("API calls per resource and operation", function () {
  this.timeout(120_000);
  let emulator: Emulator;
  before(async () => {
    emulator = await startScenarioEmulator({ mailings: [{ id: 82, name: "Weekly digest" }, { id: 83, name: "Active", isActive: true }, { id: 84 }] });
  });
  after(() => emulator.close());
  beforeEach(() => emulator.reset());

  async function counted<T>(task: () => Promise<T>) {
    const mark = emulator.requests.length;
    const result = await task();
    return { result, calls: callsSince(emulator, mark) };
  }

  it("create of an inactive mailing: 2 calls, one of them the activation; preview: 1 read, 0 writes", async () => {
    const stack = await mailingStack(emulator);
    const regs = [mailing("digest", { mailingId: 82, runNow: true })];
    const preview = await counted(() => stack.preview(regs));
    assert.deepEqual([preview.calls.reads, preview.calls.writes], [1, 0]);
    const up = await counted(() => stack.up(regs));
    assert.deepEqual([up.calls.all, up.calls.activations], [2, 1]);
  });

  it("adoption of an active mailing with no run asked: 1 read, no write", async () => {
    const stack = await mailingStack(emulator);
    const up = await counted(() => stack.up([mailing("active", { mailingId: 83 })]));
    assert.deepEqual([up.calls.all, up.calls.writes], [1, 0]);
  });

  it("update with a new run: 2 calls; refresh: 1; delete: 1", async () => {
    const stack = await mailingStack(emulator);
    await stack.up([mailing("digest", { mailingId: 82, runNow: true, triggers: ["a"] })]);
    const update = await counted(() => stack.up([mailing("digest", { mailingId: 82, runNow: true, triggers: ["b"] })]));
    assert.deepEqual([update.calls.all, update.calls.activations], [2, 1]);
    const refresh = await counted(() => stack.refresh());
    assert.equal(refresh.calls.all, 1);
    const destroy = await counted(() => stack.destroy());
    assert.deepEqual([destroy.calls.all, destroy.calls.deactivations], [1, 1]);
  });

  it("a replacement's preview reads the new mailing once; up --refresh: refresh's read and check's, no write", async () => {
    const stack = await mailingStack(emulator);
    await stack.up([mailing("digest", { mailingId: 82 })]);
    const preview = await counted(() => stack.preview([mailing("digest", { mailingId: 84 })]));
    assert.deepEqual([preview.calls.reads, preview.calls.writes], [1, 0]);
    const refreshed = await counted(() => stack.up([mailing("digest", { mailingId: 82 })], { refresh: true }));
    assert.deepEqual([refreshed.calls.all, refreshed.calls.writes], [2, 0]);
  });
});

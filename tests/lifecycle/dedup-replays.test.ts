/**
 * Issue 14, points 2–7: adoption reads only; Request-IDs distinct per stack and resource; launches answered from
 * Altcraft's de-duplication cache said out loud; replayed failures re-sent; both duplicate-marker spellings; no
 * phantom for a mailing deleted in the UI; gone-detection that does not hinge on one error code.
 */
import assert from "node:assert/strict";
import type { Emulator } from "../../emulator";
import type { EmulatorOptions } from "../../emulator/types";
import { planUpdate } from "../../provider/plan";
import { callsSince, mailing, mailingStack, reviewerLines, startScenarioEmulator } from "./support/mailing-stack";

const SEED = [{ id: 82, name: "Weekly digest" }, { id: 90, name: "Flash sale", isActive: true }];

describe("de-duplication, replays and gone mailings", function () {
  this.timeout(120_000);

  async function withEmulator(options: EmulatorOptions, body: (emulator: Emulator) => Promise<void>): Promise<void> {
    const emulator = await startScenarioEmulator({ mailings: SEED, ...options });
    try {
      await body(emulator);
    } finally {
      await emulator.close();
    }
  }

  it("adoption of an active mailing with no run asked: zero writes, one read", () =>
    withEmulator({}, async (emulator) => {
      const stack = await mailingStack(emulator);
      const up = await stack.up([mailing("sale", { mailingId: 90 })]);
      assert.equal(up.error, undefined);
      assert.deepEqual(callsSince(emulator, 0), { all: 1, writes: 0, activations: 0, deactivations: 0, reads: 1 });
      assert.equal(stack.resource("sale")?.outputs.isActive, true);
      assert.equal(stack.resource("sale")?.outputs.runLaunched, false);
    }));

  it("two stacks on one account launching the same run: each launches once", () =>
    withEmulator({}, async (emulator) => {
      for (const name of ["staging", "production"]) {
        const stack = await mailingStack(emulator, name);
        const up = await stack.up([mailing("digest", { mailingId: 82, runNow: true, overrideLimit: 5 }, undefined, name)]);
        assert.equal(up.error, undefined);
        assert.equal(stack.resource("digest")?.outputs.runLaunched, true);
      }
      assert.equal(emulator.launches(82).length, 2);
      const ids = emulator.launches(82).map((l) => l.requestId);
      assert.notEqual(ids[0], ids[1]);
    }));

  it("destroyed and created again within 24 hours: a warning and outputs that say no run went out", () =>
    withEmulator({}, async (emulator) => {
      const stack = await mailingStack(emulator);
      const regs = [mailing("digest", { mailingId: 82, runNow: true })];
      await stack.up(regs);
      await stack.destroy();
      assert.equal(emulator.mailing(82)?.isActive, false);
      const again = await stack.up(regs);
      assert.equal(again.error, undefined);
      assert.equal(emulator.launches(82).length, 1, "Altcraft answered from its cache");
      assert.equal(emulator.mailing(82)?.isActive, true, "switched on again under a fresh id");
      assert.equal(stack.resource("digest")?.outputs.runLaunched, false);
      assert.ok(again.diagnostics.some((l) => /warning: mailing 82: Altcraft answered this activation from its de-duplication cache.*NO run was launched/.test(l)), again.diagnostics.join("\n"));
      assert.equal(reviewerLines(again.diagnostics).filter((l) => /^mailing 82: Altcraft answered/.test(l)).length, 0, "a warning, not an info line");
    }));

  it("a refused activation (403) replayed after the role is fixed: sent again under a fresh id, one execution", () =>
    withEmulator({}, async (emulator) => {
      const stack = await mailingStack(emulator);
      const regs = [mailing("digest", { mailingId: 82, runNow: true })];
      // The token lacks the role: both attempts of the first up are refused, and the platform caches the refusal.
      emulator.faults.add({ endpoint: "activate", mailingId: 82, times: 2, fault: { type: "envelope", error: 403, errorText: "Access denied" } });
      const failed = await stack.up(regs);
      assert.ok(failed.error);
      assert.equal(emulator.launches(82).length, 0);
      // The role is fixed; the same step sends the same Request-ID first, gets the replayed 403, then a fresh id runs.
      const fixed = await stack.up(regs);
      assert.equal(fixed.error, undefined, fixed.error?.message);
      assert.equal(emulator.launches(82).length, 1);
      assert.equal(emulator.mailing(82)?.isActive, true);
    }));

  for (const style of [{ duplicateHeaderStyle: "legacy" as const }, { duplicateHeaderRepeated: true }]) {
    it(`a stale replay is recognised with ${JSON.stringify(style)}`, () =>
      withEmulator(style, async (emulator) => {
        const stack = await mailingStack(emulator);
        const regs = [mailing("digest", { mailingId: 82, runNow: true })];
        await stack.up(regs);
        await stack.destroy();
        const again = await stack.up(regs);
        assert.equal(again.error, undefined);
        assert.equal(emulator.launches(82).length, 1);
        assert.equal(emulator.mailing(82)?.isActive, true, "the replay is seen, so the mailing is switched on again");
        assert.equal(stack.resource("digest")?.outputs.runLaunched, false);
      }));
  }

  for (const notFoundError of [404, 400]) {
    it(`a mailing deleted in the UI (not-found code ${notFoundError}): refresh drops it, up reports it, no phantom`, () =>
      withEmulator({ notFoundError }, async (emulator) => {
        const stack = await mailingStack(emulator);
        const regs = [mailing("digest", { mailingId: 82 })];
        await stack.up(regs);
        emulator.removeMailing(82);
        const refreshed = await stack.refresh();
        assert.equal(refreshed.error, undefined, refreshed.error?.message);
        assert.equal(stack.resource("digest"), undefined, "dropped from state");
        const up = await stack.up(regs);
        assert.ok(up.error || up.failures.length > 0, "up refuses a mailing that does not exist");
        assert.match([up.error?.message ?? "", ...up.failures.map((f) => f.reason)].join("\n"), /mailing 82 does not exist/);
        assert.equal(stack.resource("digest"), undefined, "never recorded as active");
      }));

    it(`destroy of a mailing deleted in the UI succeeds (not-found code ${notFoundError})`, () =>
      withEmulator({ notFoundError }, async (emulator) => {
        const stack = await mailingStack(emulator);
        await stack.up([mailing("digest", { mailingId: 82 })]);
        emulator.removeMailing(82);
        const destroyed = await stack.destroy();
        assert.equal(destroyed.error, undefined, destroyed.error?.message);
        assert.equal(stack.resources().filter((r) => r.name === "digest").length, 0);
      }));
  }

  it("an error that is not 'gone' (the list still has the mailing) never drops it from state", () =>
    withEmulator({}, async (emulator) => {
      const stack = await mailingStack(emulator);
      await stack.up([mailing("digest", { mailingId: 82 })]);
      emulator.faults.add({ endpoint: "get", mailingId: 82, times: 1, fault: { type: "envelope", error: 404, errorText: "Temporarily unavailable" } });
      const refreshed = await stack.refresh();
      assert.ok(refreshed.error, "the refresh fails rather than dropping state");
      assert.ok(stack.resource("digest"), "still in state");
    }));

  it("the inputs that launch are an explicit list: an input added later with a default never launches", () => {
    // State written before `onManualPause` and `declaredBy` existed, against inputs where check filled them in.
    const olds = { mailingId: 82, runNow: true, abortIfRunning: false, isActive: true, isCompleted: false, lastRequestId: "x" };
    const news = { mailingId: 82, runNow: true, abortIfRunning: false, onManualPause: "keep", declaredBy: "p/dev/digest", someFutureInput: 1 };
    const plan = planUpdate(olds, news, { isActive: true, isCompleted: false }, "keep");
    assert.equal(plan.launch, false);
    assert.equal(plan.action, "record");
  });
});

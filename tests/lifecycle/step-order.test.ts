/**
 * Issue 14: a declared mailing stays as declared under Pulumi's real step order (TestStack follows the engine:
 * creates and updates first, deletes of replaced and removed resources at the end of the deployment). Every
 * scenario ends with the mailing active, launches exactly what the preview announced, state that tells the truth,
 * and a second `up` that writes nothing (with `altcraft:verifyOnPreview` off it makes no call at all).
 */
import assert from "node:assert/strict";
import type { Emulator } from "../../emulator";
import type { TestStack, Registration } from "../harness/stack";
import { callsSince, launchLines, mailing, mailingStack, startScenarioEmulator } from "./support/mailing-stack";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("step order: renames, replacements and moved ids never switch a declared mailing off", function () {
  this.timeout(120_000);
  let emulator: Emulator;

  before(async () => {
    emulator = await startScenarioEmulator({ mailings: [{ id: 82, name: "Weekly digest" }, { id: 83, name: "Winter sale" }, { id: 84, name: "News" }] });
  });
  after(() => emulator.close());
  beforeEach(() => emulator.reset());

  /** Up, then the change, each scenario's checks, then a second `up` that must not write. */
  async function scenario(
    stack: TestStack,
    first: Registration[],
    second: Registration[],
    opts: { replace?: string[]; taint?: string; rename?: [string, string] } = {},
  ) {
    const created = await stack.up(first);
    assert.equal(created.error, undefined, created.error?.message);
    if (opts.taint) stack.taint(opts.taint);
    if (opts.rename) stack.renameResource(...opts.rename);
    const preview = await stack.preview(second, { ...(opts.replace && { replace: opts.replace }) });
    assert.equal(preview.error, undefined, preview.error?.message);
    const launchesBefore = emulator.launches().length;
    const mark = emulator.requests.length;
    const changed = await stack.up(second, { ...(opts.replace && { replace: opts.replace }) });
    assert.equal(changed.error, undefined, changed.error?.message);
    const launched = emulator.launches().length - launchesBefore;
    const calls = callsSince(emulator, mark);
    const again = emulator.requests.length;
    const second2 = await stack.up(second);
    assert.equal(second2.error, undefined);
    return { preview, changed, launched, calls, secondUp: callsSince(emulator, again) };
  }

  for (const runNow of [false, true]) {
    const run = runNow ? { runNow: true, overrideLimit: 10 } : {};
    const label = runNow ? "with runNow" : "without runNow";

    it(`rename of a resource (${label}): the old name's delete leaves the mailing on; only an announced launch goes out`, async () => {
      const stack = await mailingStack(emulator);
      const r = await scenario(stack, [mailing("digest", { mailingId: 82, ...run })], [mailing("weekly", { mailingId: 82, ...run })]);
      assert.deepEqual(r.changed.steps.filter((s) => s.op !== "same").map((s) => `${s.op} ${s.name}`).sort(), ["create weekly", "delete digest"]);
      assert.equal(emulator.mailing(82)?.isActive, true, "the mailing must stay active");
      assert.equal(r.calls.deactivations, 0);
      // A new resource with runNow is a new request for a run: the preview said so, and exactly that went out.
      assert.equal(launchLines(r.preview.diagnostics).length, runNow ? 1 : 0);
      assert.equal(r.launched, runNow ? 1 : 0);
      assert.equal(stack.resource("weekly")?.outputs.isActive, true);
      assert.equal(r.secondUp.writes, 0);
    });

    it(`rename through aliases (${label}): nothing is created or deleted, nothing written`, async () => {
      const stack = await mailingStack(emulator);
      const r = await scenario(stack, [mailing("digest", { mailingId: 82, ...run })], [mailing("weekly", { mailingId: 82, ...run }, { aliases: ["digest"] })]);
      assert.equal(r.calls.writes, 0);
      assert.equal(r.launched, 0);
      assert.equal(launchLines(r.preview.diagnostics).length, 0);
      assert.equal(emulator.mailing(82)?.isActive, true);
      assert.equal(stack.resource("weekly")?.outputs.declaredBy, "mailings/dev/digest", "identity is kept across the rename");
    });

    it(`state rename (${label}): the next up changes nothing`, async () => {
      const stack = await mailingStack(emulator);
      const r = await scenario(stack, [mailing("digest", { mailingId: 82, ...run })], [mailing("weekly", { mailingId: 82, ...run })], { rename: ["digest", "weekly"] });
      assert.equal(r.calls.writes, 0);
      assert.equal(r.launched, 0);
      assert.equal(emulator.mailing(82)?.isActive, true);
    });

    for (const how of ["--replace", "state taint"] as const) {
      it(`${how} (${label}) within the de-dup window: replaced, mailing stays on, no second run`, async () => {
        const stack = await mailingStack(emulator);
        const regs = [mailing("digest", { mailingId: 82, ...run })];
        const r = await scenario(stack, regs, regs, how === "--replace" ? { replace: ["digest"] } : { taint: "digest" });
        assert.ok(r.changed.steps.some((s) => s.op === "create-replacement" && s.name === "digest"));
        assert.ok(r.changed.steps.some((s) => s.op === "delete-replaced" && s.name === "digest"));
        assert.equal(emulator.mailing(82)?.isActive, true);
        assert.equal(r.calls.deactivations, 0);
        // The replacement's activation carries the same Request-ID as the first: Altcraft answers it from its cache.
        assert.equal(r.launched, 0);
        if (runNow) {
          assert.equal(stack.resource("digest")?.outputs.runLaunched, false, "the outputs say no run went out");
          assert.ok(r.changed.diagnostics.some((l) => /warning: .*NO run was launched/.test(l)), r.changed.diagnostics.join("\n"));
        }
        assert.equal(r.secondUp.writes, 0);
      });
    }

    it(`--replace (${label}) past the 24-hour window: a launch only where the preview announced one, and the mailing stays on`, async () => {
      const stack = await mailingStack(emulator);
      const regs = [mailing("digest", { mailingId: 82, ...run })];
      await stack.up(regs);
      emulator.advanceClock(DAY_MS + 60_000);
      const preview = await stack.preview(regs, { replace: ["digest"] });
      const before = emulator.launches().length;
      const up = await stack.up(regs, { replace: ["digest"] });
      assert.equal(up.error, undefined);
      assert.equal(emulator.launches().length - before, launchLines(preview.diagnostics).length);
      assert.equal(launchLines(preview.diagnostics).length, runNow ? 1 : 0);
      assert.equal(emulator.mailing(82)?.isActive, true, "never launched first and then switched off");
      assert.equal(emulator.requests.filter((q) => q.endpoint === "deactivate").length, 0);
    });

    it(`ids swapped between two entries (${label}): both mailings stay on`, async () => {
      const stack = await mailingStack(emulator);
      const r = await scenario(
        stack,
        [mailing("a", { mailingId: 82, ...run }), mailing("b", { mailingId: 83, ...run })],
        [mailing("a", { mailingId: 83, ...run }), mailing("b", { mailingId: 82, ...run })],
      );
      assert.equal(emulator.mailing(82)?.isActive, true);
      assert.equal(emulator.mailing(83)?.isActive, true);
      assert.equal(r.calls.deactivations, 0);
      assert.equal(r.launched, launchLines(r.preview.diagnostics).length);
      assert.equal(stack.resource("a")?.outputs.mailingId, 83);
      assert.equal(stack.resource("a")?.outputs.isActive, true);
      assert.equal(r.secondUp.writes, 0);
    });

    it(`an id moved to a new entry (${label}): the removed entry's delete leaves it on`, async () => {
      const stack = await mailingStack(emulator);
      const r = await scenario(
        stack,
        [mailing("a", { mailingId: 82, ...run }), mailing("c", { mailingId: 84 })],
        [mailing("b", { mailingId: 82, ...run }), mailing("c", { mailingId: 84 })],
      );
      assert.equal(emulator.mailing(82)?.isActive, true);
      assert.equal(r.calls.deactivations, 0);
      assert.equal(r.launched, launchLines(r.preview.diagnostics).length);
      assert.equal(stack.resource("a"), undefined);
      assert.equal(stack.resource("b")?.outputs.isActive, true);
      assert.equal(r.secondUp.writes, 0);
    });
  }

  it("a removed entry whose mailing no one declares is switched off at the end", async () => {
    const stack = await mailingStack(emulator);
    await stack.up([mailing("a", { mailingId: 82 }), mailing("c", { mailingId: 84 })]);
    const up = await stack.up([mailing("c", { mailingId: 84 })]);
    assert.equal(up.error, undefined);
    assert.equal(emulator.mailing(82)?.isActive, false);
    assert.equal(emulator.mailing(84)?.isActive, true);
  });

  it("destroy --run-program switches every mailing off (the engine runs no Check in destroy mode)", async () => {
    const stack = await mailingStack(emulator);
    const regs = [mailing("a", { mailingId: 82 }), mailing("b", { mailingId: 83 })];
    await stack.up(regs);
    const destroyed = await stack.destroy({ runProgram: regs });
    assert.equal(destroyed.error, undefined, destroyed.error?.message);
    assert.equal(emulator.mailing(82)?.isActive, false);
    assert.equal(emulator.mailing(83)?.isActive, false);
  });

  it("with verifyOnPreview off, a second up makes no API call at all", async () => {
    const stack = await mailingStack(emulator, "dev", { "altcraft:verifyOnPreview": "false" });
    const regs = [mailing("a", { mailingId: 82, runNow: true })];
    await stack.up(regs);
    const mark = emulator.requests.length;
    const again = await stack.up(regs);
    assert.equal(again.error, undefined);
    assert.equal(callsSince(emulator, mark).all, 0);
  });
});

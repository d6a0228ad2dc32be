/**
 * Issue 15: a pause made in the Altcraft UI is an emergency brake. For each `onManualPause` rule, a mailing paused
 * outside Pulumi, then `preview` and `up`, with and without `--refresh`, through the engine harness.
 */
import assert from "node:assert/strict";
import type { Emulator } from "../../emulator";
import { callsSince, launchLines, mailing, mailingStack, reviewerLines, startScenarioEmulator } from "./support/mailing-stack";

const RULES = ["keep", "resume", "fail"] as const;

describe("a mailing paused outside Pulumi follows onManualPause", function () {
  this.timeout(120_000);
  let emulator: Emulator;

  before(async () => {
    emulator = await startScenarioEmulator({ mailings: [{ id: 82, name: "Weekly digest", type: "trigger" }] });
  });
  after(() => emulator.close());
  beforeEach(() => emulator.reset());

  for (const rule of RULES) {
    for (const refresh of [false, true]) {
      const how = refresh ? "with --refresh" : "without --refresh (the preview's read sees it)";
      it(`${rule}, ${how}`, async () => {
        const stack = await mailingStack(emulator, "dev", { "altcraft:onManualPause": rule });
        const regs = [mailing("digest", { mailingId: 82, runNow: true, triggers: ["v1"] })];
        assert.equal((await stack.up(regs)).error, undefined);
        assert.equal(emulator.launches(82).length, 1);
        emulator.pauseMailing(82);

        const preview = await stack.preview(regs, { refresh });
        // Under `fail` the line is the preview's error for the resource; otherwise a reviewer line.
        const said = rule === "fail" ? [...preview.diagnostics, preview.error?.message ?? ""] : reviewerLines(preview.diagnostics);
        const line = said.map((l) => l.replace(/^.*?(mailing 82)/, "$1")).find((l) => l.includes("paused outside Pulumi"));
        assert.ok(line, `preview says it: ${preview.diagnostics.join("\n")}`);
        assert.match(line!, /^mailing 82 "Weekly digest"/);
        assert.match(line!, new RegExp(`onManualPause: ${rule}`));
        assert.deepEqual(launchLines(preview.diagnostics), [], "no launch is announced");
        if (rule === "fail") assert.ok(preview.error, "the preview fails under fail");
        else assert.equal(preview.error, undefined, preview.error?.message);

        const mark = emulator.requests.length;
        const up = await stack.up(regs, { refresh });
        const calls = callsSince(emulator, mark);
        assert.equal(emulator.launches(82).length, 1, "never a second run");
        if (rule === "keep") {
          assert.equal(up.error, undefined, up.error?.message);
          assert.equal(calls.writes, 0);
          assert.equal(emulator.mailing(82)?.isActive, false, "still paused");
          assert.equal(stack.resource("digest")?.outputs.isActive, false, "the state says paused");
          assert.equal(stack.resource("digest")?.outputs.pausedOutsidePulumi, true);
        } else if (rule === "resume") {
          assert.equal(up.error, undefined, up.error?.message);
          assert.equal(calls.activations, 1);
          assert.equal(calls.deactivations, 0);
          assert.equal(emulator.mailing(82)?.isActive, true);
          assert.equal(emulator.requests.filter((r) => r.endpoint === "activate").at(-1)?.body?.run_now, undefined, "no run_now");
          assert.equal(stack.resource("digest")?.outputs.isActive, true);
        } else {
          assert.ok(up.error, "up fails under fail");
          assert.match(up.error!.message + up.steps.map((s) => s.error ?? "").join("\n"), /mailing 82 "Weekly digest".*paused outside Pulumi; up fails \(onManualPause: fail\)/s);
          assert.equal(calls.writes, 0);
          assert.equal(emulator.mailing(82)?.isActive, false);
        }

        if (rule !== "fail") {
          const again = emulator.requests.length;
          const second = await stack.up(regs);
          assert.equal(second.error, undefined);
          assert.equal(callsSince(emulator, again).writes, 0, "a second up writes nothing");
          assert.equal(second.steps.find((s) => s.name === "digest")?.op, "same");
        }
      });
    }
  }

  it("the resource's onManualPause wins over the stack's", async () => {
    const stack = await mailingStack(emulator, "dev", { "altcraft:onManualPause": "resume" });
    const regs = [mailing("digest", { mailingId: 82, onManualPause: "keep" })];
    await stack.up(regs);
    emulator.pauseMailing(82);
    const mark = emulator.requests.length;
    const up = await stack.up(regs);
    assert.equal(up.error, undefined);
    assert.equal(callsSince(emulator, mark).writes, 0);
    assert.equal(emulator.mailing(82)?.isActive, false);
  });

  for (const rule of RULES) {
    it(`a triggers change resumes and launches once, whatever the rule (${rule})`, async () => {
      const stack = await mailingStack(emulator, "dev", { "altcraft:onManualPause": rule });
      await stack.up([mailing("digest", { mailingId: 82, runNow: true, triggers: ["v1"] })]);
      emulator.pauseMailing(82);
      const next = [mailing("digest", { mailingId: 82, runNow: true, triggers: ["v2"] })];
      const preview = await stack.preview(next);
      assert.equal(preview.error, undefined, preview.error?.message);
      assert.equal(launchLines(preview.diagnostics).length, 1);
      const up = await stack.up(next);
      assert.equal(up.error, undefined, up.error?.message);
      assert.equal(emulator.launches(82).length, 2);
      assert.equal(emulator.mailing(82)?.isActive, true);
      assert.equal(stack.resource("digest")?.outputs.pausedOutsidePulumi, false);
    });
  }

  it("with verifyOnPreview off and keep recorded after a refresh, a second up makes no call at all", async () => {
    const stack = await mailingStack(emulator, "dev", { "altcraft:verifyOnPreview": "false" });
    const regs = [mailing("digest", { mailingId: 82 })];
    await stack.up(regs);
    emulator.pauseMailing(82);
    await stack.up(regs, { refresh: true });
    assert.equal(stack.resource("digest")?.outputs.pausedOutsidePulumi, true);
    const mark = emulator.requests.length;
    await stack.up(regs);
    assert.equal(callsSince(emulator, mark).all, 0);
    assert.equal(emulator.mailing(82)?.isActive, false);
  });

  it("a mailing switched off by another stack's destroy is covered by the same rule", async () => {
    const review = await mailingStack(emulator, "review");
    const prod = await mailingStack(emulator, "production");
    await prod.up([mailing("digest", { mailingId: 82 }, undefined, "production")]);
    await review.up([mailing("digest", { mailingId: 82 }, undefined, "review")]);
    await review.destroy();
    assert.equal(emulator.mailing(82)?.isActive, false);
    const preview = await prod.preview([mailing("digest", { mailingId: 82 }, undefined, "production")]);
    assert.ok(reviewerLines(preview.diagnostics).some((l) => l.includes("paused outside Pulumi; up keeps it paused (onManualPause: keep)")));
  });
});

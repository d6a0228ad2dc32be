/**
 * Issue 10: state written by an earlier release stores that release's `__provider` text, and `refresh`, `destroy`
 * and the deletes of removed entries run it against the installed (newer) package. Each fixture in
 * tests/fixtures/provider-text/ is the exact text a release stored (captured from a registration of the installed
 * tarball); every one must still refresh, update and destroy.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Emulator } from "../../emulator";
import type { TestStack } from "../harness/stack";
import { mailing, mailingStack, startScenarioEmulator } from "./support/mailing-stack";

const FIXTURES = path.join(__dirname, "..", "fixtures", "provider-text");

/** Outputs this release added since 0.1.0; state written by 0.1.0 has none of them. */
const ADDED_SINCE_0_1_0 = ["declaredBy", "onManualPause", "runLaunched", "pausedOutsidePulumi"];

/** Rewrites the stack's state for `name` as the release of `text` wrote it. */
function asWrittenBy(stack: TestStack, name: string, text: string): void {
  stack.setResources(
    stack.resources().map((r) => {
      if (r.name !== name) return r;
      const strip = (bag: Record<string, unknown>) => {
        const copy: Record<string, unknown> = { ...bag, __provider: text };
        for (const key of ADDED_SINCE_0_1_0) delete copy[key];
        return copy;
      };
      return { ...r, inputs: strip(r.inputs), outputs: strip(r.outputs) };
    }),
  );
}

describe("state written by earlier releases still works with this one", function () {
  this.timeout(120_000);
  let emulator: Emulator;
  before(async () => {
    emulator = await startScenarioEmulator({ mailings: [{ id: 82, name: "Weekly digest" }] });
  });
  after(() => emulator.close());
  beforeEach(() => emulator.reset());

  const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".js"));

  it("has a fixture for every release, the first one included", () => {
    assert.ok(fixtures.includes("0.1.0-000b186.js"), fixtures.join(", "));
  });

  for (const file of fixtures) {
    const text = fs.readFileSync(path.join(FIXTURES, file), "utf8");

    it(`${file}: refresh, then an up that updates without launching, then destroy`, async () => {
      const stack = await mailingStack(emulator);
      const regs = [mailing("digest", { mailingId: 82, runNow: true })];
      await stack.up(regs);
      asWrittenBy(stack, "digest", text);
      const refreshed = await stack.refresh();
      assert.equal(refreshed.error, undefined, refreshed.error?.message);
      assert.equal(stack.resource("digest")?.outputs.isActive, true);
      const up = await stack.up(regs);
      assert.equal(up.error, undefined, up.error?.message);
      assert.equal(emulator.launches(82).length, 1, "the upgrade launches nothing");
      assert.notEqual(stack.resource("digest")?.outputs.__provider, text, "up stores this release's provider");
      asWrittenBy(stack, "digest", text);
      const destroyed = await stack.destroy();
      assert.equal(destroyed.error, undefined, destroyed.error?.message);
      assert.equal(emulator.mailing(82)?.isActive, false, "the old text switched it off through the new runtime");
    });

    it(`${file}: the delete of an entry removed from the program runs the old text`, async () => {
      const stack = await mailingStack(emulator);
      await stack.up([mailing("digest", { mailingId: 82 })]);
      asWrittenBy(stack, "digest", text);
      const up = await stack.up([]);
      assert.equal(up.error, undefined, up.error?.message);
      assert.equal(emulator.mailing(82)?.isActive, false);
    });
  }
});

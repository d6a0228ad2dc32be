import assert from "node:assert/strict";
import * as path from "node:path";
import {
  callSummary,
  EmulatedStack,
  logText,
  mailingOperations,
  mutatingCalls,
  previewReads,
  REPO_ROOT,
  startEmulatedWorld,
  type EmulatedWorld,
} from "./support/emulatedStack";

const PROGRAM_DIR = path.join(REPO_ROOT, "examples", "quickstart");
const PROJECT = "altcraft-quickstart";

describe("example: quickstart", function () {
  this.timeout(60_000);
  let world: EmulatedWorld;
  let stack: EmulatedStack;

  before(async () => {
    world = await startEmulatedWorld(PROGRAM_DIR, PROJECT, [
      { id: 101, name: "Welcome series", type: "trigger" },
      { id: 102, name: "Welcome series v2", type: "trigger" },
    ]);
    stack = new EmulatedStack(world.emulator, world.host, PROGRAM_DIR, PROJECT, "dev");
  });

  after(async () => {
    await world?.close();
  });

  it("preview plans the create, reads the mailing once and writes nothing", async () => {
    const result = await stack.run({ dryRun: true, config: { mailingId: "101" } });
    assert.equal(result.exitCode, 0, logText(result));
    assert.deepEqual(mailingOperations(result), ["create welcome-series"]);
    // altcraft:verifyOnPreview (default true): one campaigns/get per declared mailing, no write.
    assert.deepEqual(previewReads(world.emulator), [101]);
    assert.equal(world.emulator.mailing(101)?.isActive, false);
    assert.match(logText(result), /mailing 101 "Welcome series" \(trigger\): up switches it on without launching a run/, "the reviewer line names the mailing it read");
  });

  it("up activates the mailing, launches nothing, and exports its state", async () => {
    const result = await stack.run({ config: { mailingId: "101" } });
    assert.equal(result.exitCode, 0, logText(result));
    assert.deepEqual(callSummary(mutatingCalls(world.emulator)), ["activate 101"]);
    assert.equal(world.emulator.mailing(101)?.isActive, true);
    assert.deepEqual(world.emulator.launches(), []);
    assert.equal(result.outputs.mailingName, "Welcome series");
    assert.equal(result.outputs.isActive, true);
  });

  it("a second up with no change makes no call", async () => {
    const since = world.emulator.executions.length;
    const result = await stack.run({ config: { mailingId: "101" } });
    assert.equal(result.exitCode, 0, logText(result));
    assert.deepEqual(mailingOperations(result), ["same welcome-series"]);
    assert.deepEqual(mutatingCalls(world.emulator, since), []);
  });

  it("a new mailingId replaces: the new mailing is activated, then the old one deactivated", async () => {
    const since = world.emulator.executions.length;
    const result = await stack.run({ config: { mailingId: "102" } });
    assert.equal(result.exitCode, 0, logText(result));
    // Create-before-delete: the new mailing is activated first; the old one is deactivated at the end of the deployment.
    assert.deepEqual(mailingOperations(result), ["replace welcome-series", "delete-replaced welcome-series"]);
    assert.deepEqual(callSummary(mutatingCalls(world.emulator, since)), ["activate 102", "deactivate 101"]);
    assert.equal(world.emulator.mailing(101)?.isActive, false);
    assert.equal(world.emulator.mailing(102)?.isActive, true);
  });
});

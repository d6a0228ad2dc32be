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

const PROGRAM_DIR = path.join(REPO_ROOT, "examples", "from-file");
const PROJECT = "altcraft-from-file";

describe("example: from-file", function () {
  this.timeout(60_000);
  let world: EmulatedWorld;

  before(async () => {
    world = await startEmulatedWorld(
      PROGRAM_DIR,
      PROJECT,
      [11, 12, 13, 101, 102, 205, 310].map((id) => ({ id })),
    );
  });

  after(async () => {
    await world?.close();
  });

  it("a stack without its own file previews mailings.yaml: one read per mailing, no write", async () => {
    const stack = new EmulatedStack(world.emulator, world.host, PROGRAM_DIR, PROJECT, "dev");
    const result = await stack.run({ dryRun: true });
    assert.equal(result.exitCode, 0, logText(result));
    assert.equal(result.outputs.mailingsFile, "mailings.yaml");
    assert.deepEqual(mailingOperations(result), ["create welcome-series", "create abandoned-cart"]);
    assert.deepEqual(previewReads(world.emulator), [101, 102]);
    assert.deepEqual(world.emulator.executions.filter((e) => e.endpoint !== "get"), []);
  });

  it("staging declares mailings.staging.yaml: three mailings, one test launch to the QA segment", async () => {
    const stack = new EmulatedStack(world.emulator, world.host, PROGRAM_DIR, PROJECT, "staging");
    const result = await stack.run();
    assert.equal(result.exitCode, 0, logText(result));
    assert.equal(result.outputs.mailingsFile, "mailings.staging.yaml");
    assert.deepEqual(callSummary(mutatingCalls(world.emulator)).sort(), ["activate 11", "activate 12", "activate 13"]);
    assert.deepEqual(
      world.emulator.launches().map((l) => ({ id: l.mailingId, ...l.runParams })),
      [{ id: 13, override_source_type: "segment", override_source_id: 900, override_limit: 50, content: { issue: 42 } }],
    );
    const summary = result.outputs.mailings as Record<string, { id: number; isActive: boolean }>;
    assert.deepEqual(
      Object.entries(summary).map(([name, s]) => `${name}=${s.id}:${s.isActive}`).sort(),
      ["abandoned-cart=12:true", "weekly-digest=13:true", "welcome-series=11:true"],
    );

    const since = world.emulator.executions.length;
    const again = await stack.run();
    assert.equal(again.exitCode, 0, logText(again));
    assert.deepEqual(mailingOperations(again), ["same welcome-series", "same abandoned-cart", "same weekly-digest"]);
    assert.deepEqual(mutatingCalls(world.emulator, since), [], "a second up with no change makes no call");
  });

  it("production declares mailings.production.yaml, with its own ids and the sale launch", async () => {
    const since = world.emulator.executions.length;
    const launchesBefore = world.emulator.launches().length;
    const stack = new EmulatedStack(world.emulator, world.host, PROGRAM_DIR, PROJECT, "production");
    const result = await stack.run();
    assert.equal(result.exitCode, 0, logText(result));
    assert.equal(result.outputs.mailingsFile, "mailings.production.yaml");
    assert.deepEqual(callSummary(mutatingCalls(world.emulator, since)).sort(), ["activate 101", "activate 102", "activate 205", "activate 310"]);
    const launches = world.emulator.launches().slice(launchesBefore);
    assert.deepEqual(launches.map((l) => [l.mailingId, l.runParams.override_limit, l.runParams.content]), [
      [310, 20000, { promoCode: "SPRING26", discountPercent: 15 }],
    ]);
  });
});

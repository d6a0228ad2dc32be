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

const PROGRAM_DIR = path.join(REPO_ROOT, "examples", "launch-with-overrides");
const PROJECT = "altcraft-launch-with-overrides";
const CONFIG = { mailingId: "310", segmentId: "77", sendLimit: "20000", promoCode: "SPRING26" };

describe("example: launch-with-overrides", function () {
  this.timeout(60_000);
  let world: EmulatedWorld;
  let stack: EmulatedStack;

  before(async () => {
    world = await startEmulatedWorld(PROGRAM_DIR, PROJECT, [{ id: 310, name: "Spring sale", type: "broadcast" }]);
    stack = new EmulatedStack(world.emulator, world.host, PROGRAM_DIR, PROJECT, "dev");
  });

  after(async () => {
    await world?.close();
  });

  it("up launches one run to the segment, with the limit and the apicontent values", async () => {
    const result = await stack.run({ config: CONFIG });
    assert.equal(result.exitCode, 0, logText(result));
    assert.deepEqual(callSummary(mutatingCalls(world.emulator)), ["activate 310"]);
    assert.deepEqual(
      world.emulator.launches(310).map((launch) => launch.runParams),
      [
        {
          override_source_type: "segment",
          override_source_id: 77,
          override_limit: 20000,
          content: { promoCode: "SPRING26", discountPercent: 15 },
        },
      ],
    );
    assert.equal(result.outputs.lastRequestId, world.emulator.launches(310)[0]?.requestId);
  });

  it("a second up with the same inputs launches nothing", async () => {
    const since = world.emulator.executions.length;
    const result = await stack.run({ config: CONFIG });
    assert.equal(result.exitCode, 0, logText(result));
    assert.deepEqual(mailingOperations(result), ["same spring-sale"]);
    assert.deepEqual(mutatingCalls(world.emulator, since), []);
    assert.equal(world.emulator.launches(310).length, 1);
  });

  it("a new runId (triggers) previews as an update (one read, no write, a launch line), then launches a second run", async () => {
    const config = { ...CONFIG, runId: "2" };
    const requests = world.emulator.requests.length;
    const preview = await stack.run({ dryRun: true, config });
    assert.equal(preview.exitCode, 0, logText(preview));
    assert.deepEqual(mailingOperations(preview), ["update spring-sale"]);
    assert.deepEqual(previewReads(world.emulator, requests), [310]);
    assert.equal(world.emulator.launches(310).length, 1, "the preview launched nothing");
    assert.match(logText(preview), /mailing 310 "Spring sale" \(broadcast\): will launch a run to segment 77, limit 20000/);

    const result = await stack.run({ config });
    assert.equal(result.exitCode, 0, logText(result));
    assert.deepEqual(mailingOperations(result), ["update spring-sale"]);
    const launches = world.emulator.launches(310);
    assert.equal(launches.length, 2);
    assert.deepEqual(launches[1]?.runParams, launches[0]?.runParams, "the same run parameters, a new run");
    assert.notEqual(launches[1]?.requestId, launches[0]?.requestId, "a new run gets a new Request-ID");
  });
});

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  callSummary,
  EmulatedStack,
  logText,
  mailingOperations,
  mutatingCalls,
  REPO_ROOT,
  startEmulatedWorld,
  type EmulatedWorld,
} from "../examples/support/emulatedStack";

// The CLI runs `main: program/index.ts` with program/ as the working directory; the harness does the same.
const PROGRAM_DIR = path.join(REPO_ROOT, "program");
const PROJECT = "altcraft-mailings";

describe("root program (mailings.yaml) through the language runtime", function () {
  this.timeout(60_000);
  let world: EmulatedWorld;
  let dir: string;
  let mailingsFile: string;
  let stack: EmulatedStack;

  const writeMailings = (...lines: string[]) => fs.writeFileSync(mailingsFile, `${lines.join("\n")}\n`);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "root-program-"));
    mailingsFile = path.join(dir, "mailings.yaml");
    world = await startEmulatedWorld(PROGRAM_DIR, PROJECT, [
      { id: 101, name: "Welcome series", type: "trigger" },
      { id: 102, name: "Abandoned cart", type: "trigger" },
      { id: 205, name: "Weekly digest", type: "regular" },
    ]);
    stack = new EmulatedStack(world.emulator, world.host, PROGRAM_DIR, PROJECT, "dev", { "altcraft:mailingsFile": mailingsFile });
  });

  after(async () => {
    await world?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("lifecycle", () => {
    it("preview plans one create per entry and sends nothing that changes the account (reads only)", async () => {
      writeMailings("mailings:", "  welcome-series:", "    mailingId: 101", "  weekly-digest:", "    mailingId: 205");
      const result = await stack.run({ dryRun: true });
      assert.equal(result.exitCode, 0, logText(result));
      assert.deepEqual(mailingOperations(result), ["create welcome-series", "create weekly-digest"]);
      // The preview may read each declared mailing (altcraft:verifyOnPreview), never write.
      assert.deepEqual(mutatingCalls(world.emulator), []);
      assert.deepEqual(world.emulator.executions.filter((call) => call.endpoint !== "get").map((call) => call.endpoint), []);
      assert.equal(world.emulator.mailing(101)?.isActive, false);
    });

    it("up activates every declared mailing and exports a plain summary", async () => {
      const result = await stack.run();
      assert.equal(result.exitCode, 0, logText(result));
      assert.deepEqual(mailingOperations(result), ["create welcome-series", "create weekly-digest"]);
      assert.deepEqual(callSummary(mutatingCalls(world.emulator)).sort(), ["activate 101", "activate 205"]);
      assert.equal(world.emulator.mailing(101)?.isActive, true);
      assert.equal(world.emulator.mailing(205)?.isActive, true);
      assert.equal(world.emulator.mailing(102)?.isActive, false, "a mailing not in the file is left alone");
      assert.deepEqual(world.emulator.launches(), [], "no entry asked for a run");

      const summary = result.outputs.mailings as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(summary).sort(), ["weekly-digest", "welcome-series"]);
      const welcome = summary["welcome-series"];
      assert.equal(welcome?.id, 101);
      assert.equal(welcome?.isActive, true);
      assert.equal(welcome?.name, "Welcome series");
      assert.equal(typeof welcome?.status, "string");
      assert.equal(welcome?.lastRequestId, mutatingCalls(world.emulator).find((c) => c.mailingId === 101)?.requestId);
      assert.ok(!JSON.stringify(result.outputs).includes("examples-token"), "outputs never hold the token");
    });

    it("a second up with no change makes no activate or deactivate call", async () => {
      const since = world.emulator.executions.length;
      const result = await stack.run();
      assert.equal(result.exitCode, 0, logText(result));
      assert.deepEqual(mailingOperations(result), ["same welcome-series", "same weekly-digest"]);
      assert.deepEqual(mutatingCalls(world.emulator, since), []);
    });

    it("a changed input updates the mailing (here: a run with apicontent values)", async () => {
      writeMailings(
        "mailings:",
        "  welcome-series:",
        "    mailingId: 101",
        "  weekly-digest:",
        "    mailingId: 205",
        "    runNow: true",
        "    content:",
        "      issue: 42",
      );
      const since = world.emulator.executions.length;
      const result = await stack.run();
      assert.equal(result.exitCode, 0, logText(result));
      assert.deepEqual(mailingOperations(result), ["same welcome-series", "update weekly-digest"]);
      assert.deepEqual(callSummary(mutatingCalls(world.emulator, since)), ["activate 205"]);
      assert.deepEqual(world.emulator.launches(205).map((l) => l.runParams.content), [{ issue: 42 }]);
    });

    it("a removed entry deactivates its mailing and leaves the others alone", async () => {
      writeMailings("mailings:", "  weekly-digest:", "    mailingId: 205", "    runNow: true", "    content:", "      issue: 42");
      const since = world.emulator.executions.length;
      const result = await stack.run();
      assert.equal(result.exitCode, 0, logText(result));
      assert.deepEqual(mailingOperations(result), ["same weekly-digest", "delete welcome-series"]);
      assert.deepEqual(callSummary(mutatingCalls(world.emulator, since)), ["deactivate 101"]);
      assert.equal(world.emulator.mailing(101)?.isActive, false);
      assert.equal(world.emulator.mailing(205)?.isActive, true);
      assert.deepEqual(Object.keys(result.outputs.mailings as object), ["weekly-digest"]);
    });
  });

  describe("a bad mailings file stops the program before anything is declared", () => {
    const badFiles: { name: string; lines: string[]; expect: RegExp[] }[] = [
      {
        name: "wrong types",
        lines: ["mailings:", "  welcome:", '    mailingId: "101"', "    runNow: yes"],
        expect: [/mailings\.yaml:3:5: entry "welcome", field "mailingId": must be a positive integer/, /mailings\.yaml:4:5: entry "welcome", field "runNow": must be true or false/],
      },
      {
        name: "a missing id",
        lines: ["mailings:", "  welcome:", "    runNow: true"],
        expect: [/mailings\.yaml:2:3: entry "welcome", field "mailingId": required/],
      },
      {
        name: "duplicate keys",
        lines: ["mailings:", "  welcome:", "    mailingId: 101", "  welcome:", "    mailingId: 102"],
        expect: [/mailings\.yaml:4:3: entry "welcome": is defined twice \(first at line 2\)/],
      },
      {
        name: "two entries for one mailing",
        lines: ["mailings:", "  welcome:", "    mailingId: 101", "  welcome-2:", "    mailingId: 101"],
        expect: [/mailings\.yaml:5:5: entry "welcome-2", field "mailingId": mailing 101 is already declared by entry "welcome"/],
      },
      {
        name: "unknown fields",
        lines: ["mailings:", "  welcome:", "    mailingId: 101", "    schedule: daily"],
        expect: [/mailings\.yaml:4:5: entry "welcome", field "schedule": unknown field; allowed: mailingId, runNow/],
      },
    ];

    for (const bad of badFiles) {
      it(`${bad.name}: exits non-zero with the problem in the log, and sends nothing`, async () => {
        const file = path.join(dir, "mailings.yaml");
        fs.writeFileSync(file, `${bad.lines.join("\n")}\n`);
        const requestsBefore = world.emulator.requests.length;
        const result = await stack.run({ fresh: true });
        assert.notEqual(result.exitCode, 0);
        const log = logText(result);
        for (const pattern of bad.expect) assert.match(log, pattern);
        assert.match(log, /no mailing was declared, so nothing was sent to Altcraft/);
        assert.doesNotMatch(log, /at Object\.<anonymous>|\.ts:\d+:\d+\)/, "a RunError is printed without a stack trace");
        assert.deepEqual(mailingOperations(result), []);
        assert.equal(world.emulator.requests.length, requestsBefore);
      });
    }

    it("a missing file names the path it looked at and the setting to change", async () => {
      const requestsBefore = world.emulator.requests.length;
      const missing = path.join(dir, "nope.yaml");
      const result = await stack.run({ fresh: true, config: { "altcraft:mailingsFile": missing } });
      assert.notEqual(result.exitCode, 0);
      assert.match(logText(result), new RegExp(`not found at ${missing.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}.*altcraft:mailingsFile`));
      assert.equal(world.emulator.requests.length, requestsBefore);
    });
  });

  it("reads mailings.yaml next to Pulumi.yaml when altcraft:mailingsFile is not set", async () => {
    const fresh = new EmulatedStack(world.emulator, world.host, PROGRAM_DIR, PROJECT, "sample");
    const result = await fresh.run({ dryRun: true });
    assert.equal(result.exitCode, 0, logText(result));
    assert.deepEqual(mailingOperations(result), ["create welcome-series", "create abandoned-cart", "create weekly-digest"]);
  });
});

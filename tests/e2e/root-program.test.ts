/**
 * The root program (Pulumi.yaml, program/index.ts, mailings.yaml) through the real `pulumi` CLI against the emulator:
 * preview, up, a change to the mailings file, a pause made in the Altcraft UI, refresh, up again and destroy. The
 * emulator's record of executed calls must be what docs/provider.md promises for each step.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { removeEntry, seedFromMailingsFile } from "../../scripts/demo/mailings";
import { writesSince } from "./support/writes";
import { CliStack } from "./support/cli-stack";
import { pulumiCli, REPO_ROOT } from "./support/pulumi-cli";

const TOKEN = "e2e-root-token-5d1c";

describe(`the root program through the real pulumi CLI`, function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let stack: CliStack;
  let work: string;
  let mailingsFile: string;


  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "altcraft-e2e-root-"));
    mailingsFile = path.join(work, "mailings.yaml");
    fs.copyFileSync(path.join(REPO_ROOT, "mailings.yaml"), mailingsFile);
    const { seed } = seedFromMailingsFile(mailingsFile, path.join(REPO_ROOT, "examples", "emulator-seed.json"));
    emulator = await startEmulator({ tokens: [TOKEN], mailings: seed });
    stack = await CliStack.create({
      projectDir: REPO_ROOT,
      config: { "altcraft:baseUrl": emulator.url, "altcraft:mailingsFile": mailingsFile },
      secrets: { "altcraft:token": TOKEN },
    });
  });

  after(async () => {
    stack?.dispose();
    await emulator?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it(`runs on pulumi ${pulumiCli().version}`, () => {
    assert.match(pulumiCli().version, /^v3\.\d+\.\d+$/);
  });

  it("preview: one line per mailing, none says it will launch, nothing written", async () => {
    const since = emulator.executions.length;
    const { stdout } = await stack.ok(["preview"]);
    assert.deepEqual(writesSince(emulator, since), []);
    for (const id of [101, 102, 205]) assert.match(stdout, new RegExp(`altcraft: mailing ${id} `), stack.lastOutput());
    assert.doesNotMatch(stdout, /will launch a run/);
    assert.match(stdout, /\+ 4 to create/);
  });

  it("up: activates each declared mailing once and launches nothing", async () => {
    const since = emulator.executions.length;
    await stack.ok(["up", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since).sort(), ["activate 101", "activate 102", "activate 205"]);
    assert.deepEqual(emulator.launches(), []);
    const state = await stack.mailings();
    assert.deepEqual([...state.keys()].sort(), ["abandoned-cart", "weekly-digest", "welcome-series"]);
    const text = JSON.stringify(await stack.exportState());
    assert.ok(!text.includes(TOKEN), "the token is nowhere in the exported state");
    for (const resource of state.values()) assert.match(String(resource.outputs?.__provider), /require\("pulumi-altcraft\/dist\/provider/);
  });

  it("up again with nothing changed: no writes", async () => {
    const since = emulator.executions.length;
    const { stdout } = await stack.ok(["up", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since), []);
    assert.match(stdout, /4 unchanged/);
  });

  it("an entry removed from mailings.yaml: up deactivates that mailing only", async () => {
    removeEntry(mailingsFile, "weekly-digest");
    const since = emulator.executions.length;
    await stack.ok(["up", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since), ["deactivate 205"]);
    assert.equal(emulator.mailing(205)?.isActive, false);
    assert.equal(emulator.mailing(101)?.isActive, true);
  });

  it("a pause made in the UI: refresh records it with reads only, and up keeps it paused (onManualPause: keep)", async () => {
    emulator.pauseMailing(101);
    let since = emulator.executions.length;
    await stack.ok(["refresh", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since), []);
    assert.equal((await stack.mailings()).get("welcome-series")?.outputs?.isActive, false);
    since = emulator.executions.length;
    await stack.ok(["up", "--yes", "--skip-preview"]);
    assert.deepEqual(writesSince(emulator, since), []);
    assert.equal(emulator.mailing(101)?.isActive, false);
  });

  it("destroy: deactivates every mailing still in the stack", async () => {
    const since = emulator.executions.length;
    await stack.ok(["destroy", "--yes", "--skip-preview"]);
    const writes = writesSince(emulator, since).sort();
    assert.ok(writes.includes("deactivate 102"), writes.join(", "));
    assert.equal(emulator.mailing(102)?.isActive, false);
    assert.equal(emulator.mailing(101)?.isActive, false);
    assert.equal((await stack.mailings()).size, 0);
  });
});

/**
 * Faults around a launch, through the real `pulumi` CLI: the CLI killed (SIGKILL) while the activation that launches
 * a run is in flight (its provider process exits too), then the lock cleared with `pulumi cancel` as the CLI asks, and `up` again: exactly one launch. The
 * emulator down during `up`: a clear error, and nothing recorded that did not happen.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { writesSince } from "./support/writes";
import { childPids, CliStack, killProcessGroup } from "./support/cli-stack";
import { REPO_ROOT } from "./support/pulumi-cli";

const TOKEN = "e2e-faults-token-c41d";

/** Waits until `condition` holds, polling; fails after `ms`. */
async function waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every process below `pid`. */
function descendants(pid: number): number[] {
  return childPids(pid).flatMap((child) => [child, ...descendants(child)]);
}

/** True while `pid` runs (a zombie counts as gone). */
function isAlive(pid: number): boolean {
  try {
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("faults around a launch through the real pulumi CLI", function () {
  this.timeout(240_000);
  let emulator: Emulator;
  let stack: CliStack;
  let work: string;
  let mailingsFile: string;


  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "altcraft-e2e-faults-"));
    mailingsFile = path.join(work, "mailings.yaml");
    fs.writeFileSync(
      mailingsFile,
      "mailings:\n  spring-sale:\n    mailingId: 310\n    runNow: true\n    overrideSourceType: segment\n    overrideSourceId: 2550\n    overrideLimit: 500\n",
    );
    emulator = await startEmulator({ tokens: [TOKEN], mailings: [{ id: 310, name: "Spring sale", type: "regular", isActive: false }] });
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

  it("the CLI killed while the launching activation is in flight: after `pulumi cancel`, up re-runs the create and launches no second run", async () => {
    // The activation executes (the run goes out), then its answer never comes: the CLI is killed waiting for it.
    emulator.faults.add({ endpoint: "activate", mailingId: 310, phase: "after", fault: { type: "hang" } });
    const running = stack.start(["up", "--yes", "--skip-preview"]);
    let plugins: number[] = [];
    try {
      await waitFor(() => emulator.launches(310).length === 1, 60_000, "the launch to reach the emulator");
      const [cli] = childPids(running.child.pid ?? 0);
      assert.ok(cli, "the inline runner started pulumi");
      plugins = descendants(cli);
      assert.ok(plugins.length > 0, "pulumi started the provider plugin");
      process.kill(cli, "SIGKILL");
      await running.result;
      // The provider process sees its engine gone (end of its stdin) and exits instead of spinning on EPIPE.
      await waitFor(() => plugins.every((pid) => !isAlive(pid)), 15_000, `the provider processes ${plugins.join(", ")} to exit`);
    } finally {
      killProcessGroup(running);
      for (const pid of plugins) if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
    emulator.faults.clear();

    const state = await stack.exportState();
    const pending = state.deployment.pending_operations ?? [];
    assert.deepEqual(pending.map((op) => `${op.type} ${op.resource.urn.split("::").pop()}`), ["creating spring-sale"]);

    // What the CLI says to a user who runs up again: the killed update still holds the stack's lock.
    const locked = await stack.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(locked.code, 0, stack.lastOutput());
    assert.match(locked.stderr, /the stack is currently locked[\s\S]*pulumi cancel/);
    await stack.ok(["cancel", "--yes"]);
    // Then up again. Pulumi 3.276 only warns about the interrupted create and runs it again (non-interactive); the
    // activation goes out under the same Request-ID, so Altcraft's de-duplication answers it and no run goes out.
    const since = emulator.executions.length;
    const requestsSince = emulator.requests.length;
    const again = await stack.ok(["up", "--yes", "--skip-preview"]);
    assert.match(again.stdout, /1 pending operations from previous deployment[\s\S]*spring-sale, interrupted while creating/);
    assert.match(again.stdout, /de-duplication cache[^\n]*NO run was launched now/);
    assert.equal(emulator.launches(310).length, 1, stack.lastOutput());
    // Sent again, under the first launch's Request-ID, and answered from the cache: nothing executed.
    const resent = emulator.requests.slice(requestsSince).filter((r) => r.endpoint === "activate");
    assert.ok(resent.length >= 1, stack.lastOutput());
    assert.deepEqual(new Set(resent.map((r) => r.requestId)), new Set([emulator.launches(310)[0]?.requestId]));
    assert.deepEqual(writesSince(emulator, since), []);
    // The interrupted create stays listed (and warned about) until a refresh clears it: non-interactively, with
    // --clear-pending-creates (the CLI's warning: "`pulumi refresh` will need to be run interactively").
    assert.equal((await stack.exportState()).deployment.pending_operations?.length, 1);
    await stack.ok(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    assert.deepEqual((await stack.exportState()).deployment.pending_operations ?? [], []);
    const quiet = await stack.ok(["up", "--yes", "--skip-preview"]);
    assert.doesNotMatch(quiet.stdout, /pending operations/);
    assert.deepEqual(writesSince(emulator, since), []);
    assert.equal(emulator.launches(310).length, 1);
    assert.equal((await stack.mailings()).size, 1);
  });

  it("the emulator down during up: a clear error naming the endpoint, and state records nothing that did not happen", async () => {
    fs.writeFileSync(mailingsFile, fs.readFileSync(mailingsFile, "utf8") + "  welcome-series:\n    mailingId: 101\n");
    const url = emulator.url;
    await emulator.close();
    const down = await stack.run(["up", "--yes", "--skip-preview"]);
    assert.notEqual(down.code, 0, stack.lastOutput());
    assert.match(down.stdout, /ECONNREFUSED|connect|could not reach/i, stack.lastOutput());
    assert.ok(!down.stdout.includes(TOKEN) && !down.stderr.includes(TOKEN), "the token is not printed");
    const names = [...(await stack.mailings()).keys()];
    assert.deepEqual(names, ["spring-sale"], "welcome-series was never created, so it is not in state");
    emulator = await startEmulator({ tokens: [TOKEN], port: Number(new URL(url).port), mailings: [{ id: 101, name: "Welcome series", isActive: false }, { id: 310, name: "Spring sale", isActive: true }] });
  });
});

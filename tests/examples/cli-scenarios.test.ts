/**
 * The same scenarios as the language-runtime tests, through the real `pulumi` CLI with a local file backend,
 * when a CLI is on PATH. Without one, this file prints one line and registers no tests.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { findOnPath } from "../../scripts/demo";
import { callSummary, mutatingCalls, REPO_ROOT, TEST_TOKEN } from "./support/emulatedStack";

const PULUMI = findOnPath("pulumi", process.env.PATH);

interface CliResult {
  code: number | null;
  output: string;
}

describe("scenarios through the real pulumi CLI (local file backend)", function () {
  if (!PULUMI) {
    console.log("pulumi CLI not on PATH: CLI scenarios not run");
    return;
  }
  const pulumiPath = PULUMI;
  this.timeout(600_000);
  let work: string;
  let emulator: Emulator;

  function cli(cwd: string, args: string[], input?: string): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(pulumiPath, [...args, "--non-interactive"], {
        cwd,
        env: {
          ...process.env,
          PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
          PULUMI_CONFIG_PASSPHRASE: "cli-scenarios",
          PULUMI_SKIP_UPDATE_CHECK: "true",
        },
        stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      });
      if (input !== undefined) child.stdin?.end(input);
      let output = "";
      child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output }));
    });
  }

  async function ok(cwd: string, args: string[], input?: string): Promise<string> {
    const result = await cli(cwd, args, input);
    assert.equal(result.code, 0, `pulumi ${args.join(" ")}:\n${result.output}`);
    return result.output;
  }

  /** Creates a stack in `cwd` pointed at the emulator; returns its name. */
  async function newStack(cwd: string, config: Record<string, string>): Promise<string> {
    const stack = `cli-${randomBytes(4).toString("hex")}`;
    await ok(cwd, ["stack", "init", stack]);
    await ok(cwd, ["config", "set", "altcraft:baseUrl", emulator.url, "--stack", stack]);
    await ok(cwd, ["config", "set", "--secret", "altcraft:token", "--stack", stack], TEST_TOKEN);
    for (const [key, value] of Object.entries(config)) await ok(cwd, ["config", "set", key, value, "--stack", stack]);
    return stack;
  }

  async function removeStack(cwd: string, stack: string): Promise<void> {
    await cli(cwd, ["stack", "rm", stack, "--yes", "--force"]);
    fs.rmSync(path.join(cwd, `Pulumi.${stack}.yaml`), { force: true });
  }

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "cli-scenarios-"));
    fs.mkdirSync(path.join(work, "state"));
    emulator = await startEmulator({ tokens: [TEST_TOKEN], mailings: [101, 102, 205].map((id) => ({ id })) });
  });

  after(async () => {
    await emulator?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  beforeEach(() => {
    emulator.reset();
  });

  it("root program: preview calls nothing; up activates; no change, no call; change updates; removal deactivates; bad file stops", async () => {
    const mailingsFile = path.join(work, "mailings.yaml");
    const write = (...lines: string[]) => fs.writeFileSync(mailingsFile, `${lines.join("\n")}\n`);
    const stack = await newStack(REPO_ROOT, { "altcraft:mailingsFile": mailingsFile });
    try {
      write("mailings:", "  welcome:", "    mailingId: 101", "  digest:", "    mailingId: 205");
      await ok(REPO_ROOT, ["preview", "--stack", stack]);
      assert.equal(emulator.requests.length, 0, "preview makes no API call");

      await ok(REPO_ROOT, ["up", "--yes", "--stack", stack]);
      assert.deepEqual(callSummary(mutatingCalls(emulator)).sort(), ["activate 101", "activate 205"]);

      let since = emulator.executions.length;
      await ok(REPO_ROOT, ["up", "--yes", "--stack", stack]);
      assert.deepEqual(mutatingCalls(emulator, since), []);

      write("mailings:", "  welcome:", "    mailingId: 101", "  digest:", "    mailingId: 205", "    runNow: true", "    content: { issue: 7 }");
      since = emulator.executions.length;
      await ok(REPO_ROOT, ["up", "--yes", "--stack", stack]);
      assert.deepEqual(callSummary(mutatingCalls(emulator, since)), ["activate 205"]);
      assert.deepEqual(emulator.launches(205).map((l) => l.runParams.content), [{ issue: 7 }]);

      write("mailings:", "  digest:", "    mailingId: 205", "    runNow: true", "    content: { issue: 7 }");
      since = emulator.executions.length;
      await ok(REPO_ROOT, ["up", "--yes", "--stack", stack]);
      assert.deepEqual(callSummary(mutatingCalls(emulator, since)), ["deactivate 101"]);

      write("mailings:", "  digest:", '    mailingId: "205"', "    schedule: daily");
      const requests = emulator.requests.length;
      const bad = await cli(REPO_ROOT, ["preview", "--stack", stack]);
      assert.notEqual(bad.code, 0);
      assert.match(bad.output, /entry "digest", field "mailingId": must be a positive integer/);
      assert.match(bad.output, /entry "digest", field "schedule": unknown field/);
      assert.equal(emulator.requests.length, requests, "a bad file sends nothing");

      write("mailings:", "  digest:", "    mailingId: 205", "    runNow: true", "    content: { issue: 7 }");
      since = emulator.executions.length;
      await ok(REPO_ROOT, ["destroy", "--yes", "--stack", stack]);
      assert.deepEqual(callSummary(mutatingCalls(emulator, since)), ["deactivate 205"]);
    } finally {
      await removeStack(REPO_ROOT, stack);
    }
  });

  it("quickstart: up activates, a second up calls nothing, destroy deactivates", async () => {
    const dir = path.join(REPO_ROOT, "examples", "quickstart");
    const stack = await newStack(dir, { mailingId: "102" });
    try {
      await ok(dir, ["preview", "--stack", stack]);
      assert.equal(emulator.requests.length, 0);
      await ok(dir, ["up", "--yes", "--stack", stack]);
      assert.deepEqual(callSummary(mutatingCalls(emulator)), ["activate 102"]);
      const since = emulator.executions.length;
      await ok(dir, ["up", "--yes", "--stack", stack]);
      assert.deepEqual(mutatingCalls(emulator, since), []);
      await ok(dir, ["destroy", "--yes", "--stack", stack]);
      assert.equal(emulator.mailing(102)?.isActive, false);
    } finally {
      await removeStack(dir, stack);
    }
  });

  it("npm run demo runs the quickstart against the emulator and exits 0", async () => {
    const result = await new Promise<CliResult>((resolve, reject) => {
      const child = spawn(process.execPath, ["-r", "ts-node/register", path.join(REPO_ROOT, "scripts", "demo.ts")], {
        cwd: REPO_ROOT,
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output }));
    });
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /activate mailing 101/);
    assert.match(result.output, /deactivate mailing 101/);
  });
});

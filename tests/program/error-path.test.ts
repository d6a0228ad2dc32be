import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stripDependencyFrames } from "../../program/error-guard";
import { LANGUAGE_RUNTIME, startFakeEngine } from "./support/fake-engine";

const REPO_ROOT = path.join(__dirname, "..", "..");
// The last release with the util.inspect loop (nodejs/node#64011); `.ci/run` used to install it.
const NODE_22_23 = process.env.ALTCRAFT_TEST_NODE_22_23 ?? "/tmp/nodes/22.23.3/node_modules/node/bin/node";
const HAS_NODE_22_23 = fs.existsSync(NODE_22_23);
const NODE = HAS_NODE_22_23 ? NODE_22_23 : process.execPath;
// Far above a normal run on a busy machine; a program caught in the loop never exits at all.
const HANG_TIMEOUT_MS = 120_000;

interface ProgramRun {
  code: number | null;
  hung: boolean;
  output: string;
  logs: string[];
  registrations: string[];
}

/** Runs a program through the real language runtime, with no inspect guard preloaded, against a fake engine. */
async function runProgram(programDir: string, config: Record<string, string>): Promise<ProgramRun> {
  const engine = await startFakeEngine();
  try {
    const child = spawn(
      NODE,
      [LANGUAGE_RUNTIME, `--monitor=${engine.address}`, `--engine=${engine.address}`, "--project=error-path", "--stack=dev", `--pwd=${programDir}`, programDir],
      {
        cwd: programDir,
        env: { ...process.env, PULUMI_CONFIG: JSON.stringify(config), PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => (output += String(chunk)));
    child.stderr.on("data", (chunk) => (output += String(chunk)));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill("SIGKILL");
    }, HANG_TIMEOUT_MS);
    const code = await new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));
    clearTimeout(timer);
    return { code, hung, output, logs: [...engine.logs], registrations: [...engine.registrations] };
  } finally {
    engine.close();
  }
}

describe(`programs fail without hanging (Node ${HAS_NODE_22_23 ? "22.23, the release with the util.inspect loop" : process.version})`, function () {
  this.timeout(HANG_TIMEOUT_MS + 30_000);
  let dir: string;

  before(() => {
    if (!HAS_NODE_22_23) {
      console.warn(
        `\n  !!! Node 22.23 NOT FOUND at ${NODE_22_23}: the util.inspect hang cannot be reproduced here.\n` +
          `  !!! Checking the programs' error path on ${process.version} instead; set ALTCRAFT_TEST_NODE_22_23 to a 22.23 binary.\n`,
      );
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "error-path-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the root program stops on a bad mailings file (a toString key in content) with its message, and registers no mailing", async () => {
    const file = path.join(dir, "mailings.yaml");
    fs.writeFileSync(file, "mailings:\n  a:\n    mailingId: 5\n  b:\n    mailingId: 6\n    runNow: true\n    content: { toString: x }\n");
    const run = await runProgram(path.join(REPO_ROOT, "program"), { "altcraft:mailingsFile": file });
    assert.equal(run.hung, false, `the program hung:\n${run.output}`);
    assert.notEqual(run.code, 0);
    const errors = run.logs.filter((line) => line.startsWith("error: ")).join("\n");
    assert.match(errors, /entry "b", field "content\.toString": the key "toString" cannot be passed to Pulumi/);
    assert.match(errors, /no mailing was declared, so nothing was sent to Altcraft/);
    assert.deepEqual(run.registrations.filter((r) => r.includes("ActivatedMailing")), [], "entry a was not declared either");
  });

  it("a program whose error comes from inside the SDK exits with the SDK's message once its guard is installed", async () => {
    const run = await runProgram(path.join(__dirname, "fixtures", "sdk-error-program"), {});
    assert.equal(run.hung, false, `the program hung:\n${run.output}`);
    assert.notEqual(run.code, 0);
    const errors = run.logs.filter((line) => line.startsWith("error: ")).join("\n");
    assert.match(errors, /Missing required configuration variable 'altcraft:missingKeyForTest'/);
    assert.doesNotMatch(errors, /node_modules[\\/]/, "the SDK's frames were removed before the runtime inspected the error");
  });

  it("stripDependencyFrames keeps the message and the program's frames, and follows causes", () => {
    const inner = new Error("inner");
    inner.stack = "Error: inner\n    at f (/p/node_modules/@pulumi/config.ts:369:19)\n    at g (/p/index.ts:3:1)";
    const outer = new Error("outer", { cause: inner });
    outer.stack = "Error: outer\n    at h (/p/node_modules/@pulumi/pulumi/runtime/rpc.js:1:1)\n    at main (/p/program/index.ts:9:9)";
    stripDependencyFrames(outer);
    assert.equal(outer.stack, "Error: outer\n    at main (/p/program/index.ts:9:9)");
    assert.equal(inner.stack, "Error: inner\n    at g (/p/index.ts:3:1)");
  });
});

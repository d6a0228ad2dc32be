/**
 * `npm run demo`: the quickstart example, end to end, against the local emulator: `pulumi up --yes` activates a
 * mailing, the emulator shows what it executed, `pulumi destroy --yes` deactivates it. State lives in a temporary
 * local backend, deleted afterwards. Needs the Pulumi CLI on PATH.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator, type Execution } from "../emulator";

/** Where to get the Pulumi CLI. */
export const INSTALL_URL = "https://www.pulumi.com/docs/install/";
const REPO_ROOT = path.resolve(__dirname, "..");
const EXAMPLE_DIR = path.join(REPO_ROOT, "examples", "quickstart");
const STACK = "demo";
const MAILING_ID = 101;
// Accepted only by this run's emulator, on 127.0.0.1.
const DEMO_TOKEN = "demo-token-local-emulator";

/** The first executable called `name` on a PATH string, if any. */
export function findOnPath(name: string, pathValue: string | undefined): string | undefined {
  const names = process.platform === "win32" ? [`${name}.exe`, `${name}.cmd`] : [name];
  for (const dir of (pathValue ?? "").split(path.delimiter).filter(Boolean)) {
    for (const candidate of names.map((n) => path.join(dir, n))) {
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Runs the demo; returns the exit code. */
export async function runDemo(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const pulumi = findOnPath("pulumi", env.PATH);
  if (!pulumi) {
    process.stderr.write(
      `npm run demo needs the Pulumi CLI, and \`pulumi\` is not on PATH.\n` +
        `Install it (${INSTALL_URL}), e.g. \`curl -fsSL https://get.pulumi.com | sh\`, then run \`npm run demo\` again.\n`,
    );
    return 1;
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-altcraft-demo-"));
  let emulator: Emulator | undefined;
  try {
    emulator = await startEmulator({ tokens: [DEMO_TOKEN], mailings: [{ id: MAILING_ID, name: "Welcome series", type: "trigger" }] });
    const project = copyExample(work);
    const pulumiEnv: NodeJS.ProcessEnv = {
      ...env,
      PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "pulumi-altcraft-demo",
      PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    fs.mkdirSync(path.join(work, "state"));
    const run = (args: string[], input?: string) => runPulumi(pulumi, args, project, pulumiEnv, input);

    step(`Emulator listening on ${emulator.url}; mailing ${MAILING_ID} is inactive. Stack state goes to ${work}.`);
    await run(["stack", "init", STACK, "--non-interactive"]);
    await run(["config", "set", "altcraft:baseUrl", emulator.url]);
    await run(["config", "set", "--secret", "altcraft:token"], DEMO_TOKEN);
    await run(["config", "set", "mailingId", String(MAILING_ID)]);

    step("pulumi up --yes");
    await run(["up", "--yes", "--non-interactive"]);
    report(emulator, "after pulumi up");

    const before = emulator.executions.length;
    step("pulumi destroy --yes");
    await run(["destroy", "--yes", "--non-interactive"]);
    report(emulator, "after pulumi destroy", before);
    await run(["stack", "rm", STACK, "--yes", "--non-interactive"]);
    step("Done: the mailing was activated, then deactivated, and the temporary stack removed.");
    return 0;
  } catch (error) {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await emulator?.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** A copy of the quickstart in the temporary folder, so its stack file never lands in the repository. */
function copyExample(work: string): string {
  const project = path.join(work, "quickstart");
  fs.mkdirSync(project);
  for (const file of ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]) {
    fs.copyFileSync(path.join(EXAMPLE_DIR, file), path.join(project, file));
  }
  // The program resolves `pulumi-altcraft` and `@pulumi/pulumi` from this checkout, as it does in examples/.
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project, "node_modules"), "dir");
  return project;
}

function runPulumi(pulumi: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(pulumi, args, { cwd, env, stdio: [input === undefined ? "ignore" : "pipe", "inherit", "inherit"] });
    if (input !== undefined) child.stdin?.end(input);
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`pulumi ${args.slice(0, 2).join(" ")} exited with ${code}`))));
  });
}

function step(text: string): void {
  process.stdout.write(`\n== ${text}\n`);
}

function report(emulator: Emulator, when: string, since = 0): void {
  const calls = emulator.executions.slice(since).filter((e: Execution) => e.endpoint === "activate" || e.endpoint === "deactivate");
  step(`The emulator executed, ${when}:`);
  for (const call of calls) process.stdout.write(`   ${call.endpoint} mailing ${call.mailingId} (Request-ID ${call.requestId ?? "none"}, error ${call.error})\n`);
  if (calls.length === 0) process.stdout.write("   nothing that changes a mailing\n");
  process.stdout.write(`   mailing ${MAILING_ID} is now ${emulator.mailing(MAILING_ID)?.isActive ? "active" : "inactive"}\n`);
}

if (require.main === module) {
  void runDemo().then((code) => {
    process.exitCode = code;
  });
}

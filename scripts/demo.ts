/**
 * `npm run demo`: the root program (Pulumi.yaml, program/index.ts, mailings.yaml) end to end on the embedded
 * default: a local emulator seeded with the mailings of mailings.yaml, and a local file backend in a temporary
 * folder. It runs `pulumi preview`, `pulumi up`, a change (an entry removed from a copy of mailings.yaml), a pause
 * "in the UI" then `pulumi refresh`, and `pulumi destroy`, printing what each step does and what the emulator
 * executed. The CLI is found or built by scripts/pulumi-cli.sh; when none can be had, says so and exits 1 without
 * starting anything.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../emulator";
import { removeEntry, seedFromMailingsFile } from "./demo/mailings";
import { getDemoCli, missingCliMessage, runPulumi } from "./demo/pulumi-cli";

export { findOnPath, INSTALL_URL, missingCliMessage } from "./demo/pulumi-cli";

/** The folder of the root program (its Pulumi.yaml); every `pulumi` command runs here. */
export const DEMO_PROGRAM_DIR = path.resolve(__dirname, "..");
/** The demo's stack; its config file (Pulumi.demo.yaml) exists only while the demo runs. */
export const DEMO_STACK = "demo";
/** Accepted only by this run's emulator, on 127.0.0.1. */
export const DEMO_TOKEN = "demo-token-local-emulator";
const PASSPHRASE = "pulumi-altcraft-demo";

/** Runs the demo; returns the exit code. */
export async function runDemo(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const cli = getDemoCli(env);
  if (!cli) {
    process.stderr.write(missingCliMessage());
    return 1;
  }
  const stackFile = path.join(DEMO_PROGRAM_DIR, `Pulumi.${DEMO_STACK}.yaml`);
  if (fs.existsSync(stackFile)) {
    process.stderr.write(`${stackFile} already exists (left by an interrupted demo, or yours). Remove it, then run \`npm run demo\` again.\n`);
    return 1;
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-altcraft-demo-"));
  let emulator: Emulator | undefined;
  try {
    // A copy, so the change below never touches the repository's mailings.yaml.
    const mailingsCopy = path.join(work, "mailings.yaml");
    fs.copyFileSync(path.join(DEMO_PROGRAM_DIR, "mailings.yaml"), mailingsCopy);
    const { entries, seed } = seedFromMailingsFile(mailingsCopy, path.join(DEMO_PROGRAM_DIR, "examples", "emulator-seed.json"));
    emulator = await startEmulator({ tokens: [DEMO_TOKEN], mailings: seed });
    const stateDir = path.join(work, "state");
    fs.mkdirSync(stateDir);
    const pulumiEnv = demoEnvironment(env, stateDir);
    const stack = ["--stack", DEMO_STACK, "--non-interactive"];
    const run = (args: string[], input?: string) => {
      process.stdout.write(`$ pulumi ${args.join(" ")}${input === undefined ? "" : " < (the emulator's token on stdin)"}\n`);
      return runPulumi(cli, args, DEMO_PROGRAM_DIR, pulumiEnv, input);
    };
    const live = emulator;

    step(
      `The emulator listens on ${live.url} with mailings ${seed.map((m) => `${m.id} "${m.name}"`).join(", ")}, all inactive.\n` +
        `   Stack "${DEMO_STACK}" of the root program (${DEMO_PROGRAM_DIR}); its state goes to ${stateDir}.\n` +
        `   The Pulumi CLI is ${cli.binDir}/pulumi` +
        (cli.languageHost ? "." : "; it has no Node.js language host, so each program run goes through scripts/pulumi-inline.js (the same CLI, the program served inline)."),
    );
    await run(["stack", "init", DEMO_STACK, "--no-select", "--non-interactive"]);
    await run(["config", "set", "altcraft:baseUrl", live.url, ...stack]);
    await run(["config", "set", "--secret", "altcraft:token", ...stack], DEMO_TOKEN);
    await run(["config", "set", "altcraft:mailingsFile", mailingsCopy, ...stack]);

    step("pulumi preview: the plan. The provider reads each mailing once (campaigns/get) and writes nothing.");
    let since = live.executions.length;
    await run(["preview", ...stack]);
    report(live, since, "during the preview");

    step(`pulumi up: activates the ${entries.length} mailings of mailings.yaml (no entry asks for a run, so nothing is sent).`);
    since = live.executions.length;
    await run(["up", "--yes", ...stack]);
    report(live, since, "during up");

    const removed = entries[entries.length - 1];
    if (removed) {
      step(`A change: entry "${removed.name}" (mailing ${removed.inputs.mailingId}) removed from the copy of mailings.yaml; pulumi up deactivates that mailing.`);
      removeEntry(mailingsCopy, removed.name);
      since = live.executions.length;
      await run(["up", "--yes", ...stack]);
      report(live, since, "during the second up");
    }

    const paused = entries[0];
    if (paused) {
      live.pauseMailing(paused.inputs.mailingId);
      step(`Mailing ${paused.inputs.mailingId} paused "in the Altcraft UI"; pulumi refresh reads every mailing and records the pause (onManualPause: keep).`);
      since = live.executions.length;
      await run(["refresh", "--yes", ...stack]);
      report(live, since, "during refresh");
    }

    step("pulumi destroy: deactivates every mailing still in the stack.");
    since = live.executions.length;
    await run(["destroy", "--yes", ...stack]);
    report(live, since, "during destroy");

    await run(["stack", "rm", DEMO_STACK, "--yes", "--non-interactive"]);
    step("Done. The temporary stack, its state and the copy of mailings.yaml are removed.");
    return 0;
  } catch (error) {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await emulator?.close();
    fs.rmSync(work, { recursive: true, force: true });
    // `pulumi stack rm` deletes it; after a failure it is still there, and it did not exist before this run.
    fs.rmSync(stackFile, { force: true });
  }
}

/**
 * The environment of every `pulumi` command: the temporary file backend and its passphrase, no update check, and
 * no ALTCRAFT_* variables, so a real account's token or URL in the user's shell never reaches the demo.
 */
export function demoEnvironment(env: NodeJS.ProcessEnv, stateDir: string): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("ALTCRAFT_")));
  return {
    ...clean,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
}

function step(text: string): void {
  process.stdout.write(`\n== ${text}\n`);
}

/** Prints what the emulator executed since index `since`, and the state of each mailing afterwards. */
function report(emulator: Emulator, since: number, when: string): void {
  const calls = emulator.executions.slice(since);
  process.stdout.write(`   The emulator executed ${when}:\n`);
  for (const call of calls) process.stdout.write(`     ${call.endpoint} mailing ${call.mailingId ?? "?"}${call.error === 0 ? "" : ` (error ${call.error})`}\n`);
  if (calls.length === 0) process.stdout.write("     nothing\n");
  const states = emulator.mailings().map((m) => `${m.id} ${m.isActive ? "active" : "inactive"}`);
  process.stdout.write(`   Mailings now: ${states.join(", ")}\n`);
}

if (require.main === module) {
  void runDemo().then((code) => {
    process.exitCode = code;
  });
}

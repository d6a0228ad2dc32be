/** Getting and running the `pulumi` CLI for `npm run demo`. */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** Where to get the Pulumi CLI. */
export const INSTALL_URL = "https://www.pulumi.com/docs/install/";
/** The one place that finds or builds the CLI (scripts/pulumi-cli.sh). */
export const CLI_SCRIPT = path.resolve(__dirname, "..", "pulumi-cli.sh");
/** Serves a project's `main` to a CLI without the Node.js language host (scripts/pulumi-inline.js). */
export const INLINE_RUNNER = path.resolve(__dirname, "..", "pulumi-inline.js");
/** The demo's refresh and destroy of an inline program need `--client` (Pulumi 3.181). */
export const DEMO_MIN_CLI_VERSION = "3.181.0";

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

/** The CLI the demo runs: the folder to put first on PATH, and whether a Node.js language host sits with it. */
export interface DemoCli {
  binDir: string;
  languageHost: boolean;
}

/**
 * Finds the CLI as scripts/pulumi-cli.sh does (a recent enough `pulumi` on PATH, else the cached build, else a build
 * from Pulumi's Go modules when `go` is on PATH; its progress goes to this terminal). Undefined when none can be had.
 */
export function getDemoCli(env: NodeJS.ProcessEnv): DemoCli | undefined {
  const found = spawnSync("bash", [CLI_SCRIPT, "--min", DEMO_MIN_CLI_VERSION], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const binDir = found.status === 0 ? found.stdout.trim().split("\n").pop() : undefined;
  if (!binDir) return undefined;
  const languageHost = fs.existsSync(path.join(binDir, "pulumi-language-nodejs")) || findOnPath("pulumi-language-nodejs", env.PATH) !== undefined;
  return { binDir, languageHost };
}

/** The message printed when no CLI can be found or built: what to install, and what runs without it. */
export function missingCliMessage(): string {
  return (
    "npm run demo needs the Pulumi CLI: there is no `pulumi` on PATH, no cached build, and no Go to build one. Nothing was started.\n" +
    `Install the Pulumi CLI (${INSTALL_URL}) or Go 1.26+ (then the demo builds the CLI from Pulumi's Go modules, about\n` +
    "8 to 12 minutes once), and run `npm run demo` again.\n"
  );
}

/**
 * Runs one `pulumi` command in `cwd` with its output on this terminal; `input` goes to its stdin (how a secret is
 * passed, so it never appears in a process list). Without a language host, commands that run the program go through
 * the inline runner, which hands the same arguments to the same `pulumi`. Rejects when the command exits non-zero.
 */
export function runPulumi(cli: DemoCli, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<void> {
  const [file, fileArgs] = cli.languageHost ? [path.join(cli.binDir, "pulumi"), args] : [process.execPath, [INLINE_RUNNER, ...args]];
  const fullEnv = { ...env, PATH: [cli.binDir, path.dirname(process.execPath), env.PATH ?? ""].join(path.delimiter) };
  return new Promise((resolve, reject) => {
    const child = spawn(file, fileArgs, { cwd, env: fullEnv, stdio: [input === undefined ? "ignore" : "pipe", "inherit", "inherit"] });
    if (input !== undefined) child.stdin?.end(input);
    child.on("error", reject);
    child.on("close", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`\`pulumi ${args.join(" ")}\` ${signal ? `was stopped by ${signal}` : `exited with ${code}`}`)),
    );
  });
}
